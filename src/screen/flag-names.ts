/**
 * Country names as sanctions lists write a vessel's flag ("Korea, North", "Sierra Leone")
 * to ISO 3166 alpha-2, for the registries that appear on them; an unknown name gives null
 * and the importer keeps it in the entry's note.
 */
const NAMES: Record<string, string> = {
  "korea, north": "KP",
  "north korea": "KP",
  "democratic people's republic of korea": "KP",
  "korea, south": "KR",
  "south korea": "KR",
  panama: "PA",
  "sierra leone": "SL",
  togo: "TG",
  dominica: "DM",
  tanzania: "TZ",
  mongolia: "MN",
  cambodia: "KH",
  belize: "BZ",
  comoros: "KM",
  "cook islands": "CK",
  palau: "PW",
  "saint kitts and nevis": "KN",
  "st kitts and nevis": "KN",
  "hong kong": "HK",
  china: "CN",
  russia: "RU",
  "russian federation": "RU",
  iran: "IR",
  syria: "SY",
  singapore: "SG",
  vietnam: "VN",
  "viet nam": "VN",
  malta: "MT",
  liberia: "LR",
  "marshall islands": "MH",
  cameroon: "CM",
  gabon: "GA",
  "sao tome and principe": "ST",
  tuvalu: "TV",
  fiji: "FJ",
  bolivia: "BO",
  moldova: "MD",
  "equatorial guinea": "GQ",
  eswatini: "SZ",
  "united arab emirates": "AE",
  indonesia: "ID",
  malaysia: "MY",
  thailand: "TH",
  japan: "JP",
  "antigua and barbuda": "AG",
  "saint vincent and the grenadines": "VC",
  vanuatu: "VU",
  honduras: "HN",
  tonga: "TO",
  kiribati: "KI",
  guyana: "GY",
  unknown: "",
};

/** ISO alpha-2 of a flag name or code, null when unknown. */
export function flagCode(name: string): string | null {
  const n = name.trim();
  if (/^[A-Za-z]{2}$/.test(n)) return n.toUpperCase();
  return NAMES[n.toLowerCase()] || null;
}
