/** Colours the map and the list share: event kinds, speed along a track, the profile's areas. */
export const KIND_COLOURS: Record<string, string> = {
  encounter: "#ff4d6d",
  loitering: "#ffa94d",
  gap: "#b197fc",
  spoofing: "#f783ac",
  identity: "#ffd43b",
  draught: "#63e6be",
  port_call: "#74c0fc",
  zone: "#868e96",
};

/** Knots to colour: slow (drifting, transferring) blue, service speed red. */
export const SPEED_STOPS: [number, string][] = [
  [0, "#3b4cc0"],
  [2, "#2fb3b3"],
  [6, "#9bd93c"],
  [10, "#f2c12e"],
  [15, "#e0433a"],
];

/** The two vessels of an encounter: a casing colour each, under the speed colour. */
export const VESSEL_CASINGS = ["#ffffff", "#ff4dff"];

/** The profile's areas by kind: the sanctioned state's waters warm, transfer areas pink. */
export const AREA_COLOURS: Record<string, string> = {
  territorial_sea: "#ff922b",
  eez: "#e8c170",
  sts_area: "#f06595",
  area: "#a5b4c4",
};
