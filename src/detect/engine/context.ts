/**
 * What the runner hands every detector: config, places, geography, the vessel registry,
 * the reception grid, the layouts of track and vessel rows and slots (where each
 * detector's state lies) and one way to emit events (built here, so every event gets its
 * id, vessels, centroid, detector version and config hash the same way).
 */
import { type Port, PortIndex, type Zone } from "../../geo/zones.js";
import type {
  AttributeValue,
  Event,
  EventKind,
  EventStatus,
  EventVessel,
  EvidencePoint,
} from "../../model/event.js";
import { configHash, type DetectConfig } from "../config.js";
import type { Geography } from "../geography.js";
import { eventId } from "./event-id.js";
import { RecentTracks } from "./recent-tracks.js";
import type { ReceptionGrid } from "./reception.js";
import { Slot } from "./slot.js";
import { RowLayout } from "./state-rows.js";
import { TRACK_NUMBERS, VESSEL_NUMBERS, type Vessel } from "./track.js";

export interface EventSpec {
  kind: EventKind;
  /** Detector name@version. */
  detector: string;
  status: EventStatus;
  start: number;
  end: number;
  mmsis: number[];
  attributes: Record<string, AttributeValue>;
  evidence: EvidencePoint[];
  /** Separates events of one kind, vessels and start (e.g. the identity field that changed). */
  discriminator?: string;
  /** Place when the evidence is empty; null (or absent): the event has no place. */
  at?: [number, number] | null;
}

export class DetectContext {
  readonly configHash: string;
  /** The profile's ports, within reach of every distance margin detectors ask about (port calls, draught). */
  readonly portIndex: PortIndex;
  /**
   * Every place where ships lie in harbour: the profile's ports, the world's ports and the
   * anchorages learned from the data; encounters and loitering are not looked for within
   * `encounterMinPortDistM` of them.
   */
  readonly harbours: PortIndex;
  readonly vessels = new Map<number, Vessel>();
  /** The tracks heard lately (the runner notes every fix), so slice work need not walk `vessels`. */
  readonly recent: RecentTracks;
  /** Where the numbers of tracks and vessels and of each detector's part lie in their rows (state-rows.ts). */
  readonly trackLayout = new RowLayout(TRACK_NUMBERS.length);
  readonly vesselLayout = new RowLayout(VESSEL_NUMBERS.length);
  /** How many object slots of tracks and vessels the detectors have taken (slot.ts). */
  private trackSlots = 0;
  private vesselSlots = 0;
  emitted = 0;

  constructor(
    readonly config: DetectConfig,
    readonly geography: Geography,
    readonly ports: readonly Port[],
    readonly portCallCountries: readonly string[],
    readonly zones: readonly Zone[],
    /** Where receivers have heard ships (the runner records every track's fixes, sampled). */
    readonly reception: ReceptionGrid,
    private readonly sink: (e: Event) => void,
    /** World ports and learned anchorages (harbours beyond the profile's ports). */
    harbours: readonly Port[] = [],
  ) {
    this.configHash = configHash(config);
    this.portIndex = new PortIndex(
      ports,
      Math.max(config.encounterMinPortDistM, config.draughtPortMarginM, config.portExitMarginM),
    );
    this.harbours = new PortIndex([...ports, ...harbours], config.encounterMinPortDistM);
    this.recent = new RecentTracks(config.sliceMs);
  }

  /** A slot of every track for one detector's state object. */
  trackSlot<T>(): Slot<T> {
    return new Slot<T>(this.trackSlots++);
  }

  /** A slot of every vessel for one detector's state object. */
  vesselSlot<T>(): Slot<T> {
    return new Slot<T>(this.vesselSlots++);
  }

  vesselInfo(mmsi: number): EventVessel {
    const v = this.vessels.get(mmsi);
    const out: EventVessel = { mmsi };
    if (v?.imo != null) out.imo = v.imo;
    if (v?.name != null) out.name = v.name;
    return out;
  }

  emit(s: EventSpec): Event {
    const mmsis = [...new Set(s.mmsis)].sort((a, b) => a - b);
    let lat: number | null = s.at ? s.at[0] : null;
    let lon: number | null = s.at ? s.at[1] : null;
    if (s.evidence.length > 0) {
      lat = 0;
      lon = 0;
      for (const p of s.evidence) {
        lat += p[1];
        lon += p[2];
      }
      lat /= s.evidence.length;
      lon /= s.evidence.length;
    }
    const e: Event = {
      id: eventId(s.kind, mmsis, s.start, s.discriminator),
      kind: s.kind,
      status: s.status,
      start: s.start,
      end: s.end,
      vessels: mmsis.map((m) => this.vesselInfo(m)),
      lat: lat === null ? null : round(lat, 5),
      lon: lon === null ? null : round(lon, 5),
      attributes: s.attributes,
      evidence: s.evidence.map((p) => [
        p[0],
        round(p[1], 5),
        round(p[2], 5),
        p[3] === null ? null : round(p[3], 1),
        p[4],
      ]),
      detector: s.detector,
      configHash: this.configHash,
    };
    this.emitted++;
    this.sink(e);
    return e;
  }
}

/** Rounds to `digits` decimals (so event JSON does not depend on float noise). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
