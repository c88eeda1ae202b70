/**
 * gpsd's labels for coded AIS fields, written as `*_text` beside the code (`status_text`,
 * `shiptype_text`, `epfd_text`, `aid_type_text`), word for word as gpsdecode 3.22 prints
 * them, misspellings included, so the JSON matches gpsd's. Checked value by value against
 * gpsdecode in test/ais/gpsdecode.diff.test.ts.
 */

/** Navigational status (types 1-3), 0-15. */
export const NAV_STATUS: readonly string[] = [
  "Under way using engine",
  "At anchor",
  "Not under command",
  "Restricted manoeuverability",
  "Constrained by her draught",
  "Moored",
  "Aground",
  "Engaged in fishing",
  "Under way sailing",
  "Reserved for HSC",
  "Reserved for WIG",
  "Reserved",
  "Reserved",
  "Reserved",
  "Reserved",
  "Not defined",
];

/** Electronic position fixing device, 0-15. */
export const EPFD: readonly string[] = [
  "Undefined",
  "GPS",
  "GLONASS",
  "Combined GPS/GLONASS",
  "Loran-C",
  "Chayka",
  "Integrated navigation system",
  "Surveyed",
  "Galileo",
  ...Array<string>(7).fill("INVALID EPFD"),
];

/** Aid-to-navigation type (type 21), 0-31. */
export const AID_TYPE: readonly string[] = [
  "Unspecified",
  "Reference point",
  "RACON",
  "Fixed offshore structure",
  "Spare, Reserved for future use.",
  "Light, without sectors",
  "Light, with sectors",
  "Leading Light Front",
  "Leading Light Rear",
  "Beacon, Cardinal N",
  "Beacon, Cardinal E",
  "Beacon, Cardinal S",
  "Beacon, Cardinal W",
  "Beacon, Port hand",
  "Beacon, Starboard hand",
  "Beacon, Preferred Channel port hand",
  "Beacon, Preferred Channel starboard hand",
  "Beacon, Isolated danger",
  "Beacon, Safe water",
  "Beacon, Special mark",
  "Cardinal Mark N",
  "Cardinal Mark E",
  "Cardinal Mark S",
  "Cardinal Mark W",
  "Port hand Mark",
  "Starboard hand Mark",
  "Preferred Channel Port hand",
  "Preferred Channel Starboard hand",
  "Isolated danger",
  "Safe Water",
  "Special Mark",
  "Light Vessel / LANBY / Rigs",
];

/** A decade of ship types: the category, then "all ships", hazardous categories A-D, reserved, and the last. */
function decade(category: string, last: string): string[] {
  return [
    `${category} - all ships of this type`,
    ...["A", "B", "C", "D"].map((c) => `${category} - Hazardous category ${c}`),
    ...Array<string>(4).fill(`${category} - Reserved for future use`),
    `${category} - ${last}`,
  ];
}

/** Ship and cargo type (types 5, 19, 24 part B), 0-255. */
export const SHIP_TYPE: readonly string[] = [
  "Not available",
  ...Array<string>(19).fill("Reserved for future use"),
  ...decade("Wing in ground (WIG)", "Reserved for future use"),
  "Fishing",
  "Towing",
  "Towing: length exceeds 200m or breadth exceeds 25m",
  "Dredging or underwater ops",
  "Diving ops",
  "Military ops",
  "Sailing",
  "Pleasure Craft",
  "Reserved",
  "Reserved",
  ...decade("High speed craft (HSC)", "No additional information"),
  "Pilot Vessel",
  "Search and Rescue vessel",
  "Tug",
  "Port Tender",
  "Anti-pollution equipment",
  "Law Enforcement",
  "Spare - Local Vessel",
  "Spare - Local Vessel",
  "Medical Transport",
  "Ship according to RR Resolution No. 18",
  ...decade("Passenger", "No additional information"),
  ...decade("Cargo", "No additional information"),
  ...decade("Tanker", "No additional information"),
  ...decade("Other Type", "no additional information"),
  ...Array<string>(156).fill("INVALID SHIP TYPE"),
];
