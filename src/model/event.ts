/**
 * The Event record: what a detector found, over which time, involving which vessels, and
 * the compact track it rests on. Events are upserted by id: a detector may emit an
 * `open` event as soon as its rule is met, then the same id again as `final` (or
 * `retracted` when the episode, seen whole, no longer meets the rule).
 */

export type EventKind =
  | "encounter"
  | "loitering"
  | "gap"
  | "spoofing"
  | "identity"
  | "draught"
  | "port_call"
  | "zone";

export const EVENT_KINDS: readonly EventKind[] = [
  "encounter",
  "loitering",
  "gap",
  "spoofing",
  "identity",
  "draught",
  "port_call",
  "zone",
];

export type EventStatus = "open" | "final" | "retracted";

export interface EventVessel {
  mmsi: number;
  imo?: number;
  name?: string;
}

/** One evidence point: [t epoch ms, lat, lon, sog kn or null, mmsi]. */
export type EvidencePoint = [number, number, number, number | null, number];

export type AttributeValue = number | string | boolean | null | (number | null)[] | (string | null)[];

export interface Event {
  /** Hash of kind, sorted vessel MMSIs and start (see detect/event-id.ts). */
  id: string;
  kind: EventKind;
  status: EventStatus;
  /** Epoch ms UTC. */
  start: number;
  end: number;
  /** Sorted by MMSI. */
  vessels: EventVessel[];
  /** Centroid of the evidence; null for an event with no place (a static report of a vessel never placed). */
  lat: number | null;
  lon: number | null;
  attributes: Record<string, AttributeValue>;
  evidence: EvidencePoint[];
  /** Detector name and version, e.g. "encounter@1". */
  detector: string;
  /** Hash of the configuration the detector ran with. */
  configHash: string;
}
