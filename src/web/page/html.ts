/**
 * Text into HTML: names, destinations and attributes come from AIS (whose 6-bit alphabet
 * has < > & " ') or CSV files, so every value is escaped before it meets innerHTML.
 */
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
