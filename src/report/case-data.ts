/**
 * What a case file shows, read from the store: the subject (one vessel, or one event and the
 * vessels in it), each vessel's identity history and track over the window, and the events
 * with the evidence positions they rest on.
 */
import type { Event } from "../model/event.js";
import type { Position } from "../model/records.js";
import { listEvents } from "../store/events.js";
import { type IdentityRecord, identityHistory, type TimeWindow, track } from "../store/queries.js";
import type { Store } from "../store/store.js";

export interface CaseVessel {
  mmsi: number;
  identities: IdentityRecord[];
  track: Position[];
}

export interface CaseFile {
  /** "MMSI 445000001" or "event 1a2b…". */
  title: string;
  from: number | null;
  to: number | null;
  vessels: CaseVessel[];
  events: Event[];
}

export type CaseSubject = { mmsi: number } | { eventId: string };

/** Tracks around an event reach this far before and after it. */
const EVENT_MARGIN_MS = 24 * 3_600_000;

export class CaseNotFound extends Error {}

export async function gatherCase(store: Store, subject: CaseSubject, w: TimeWindow = {}): Promise<CaseFile> {
  if ("mmsi" in subject) {
    const identities = await identityHistory(store, subject.mmsi);
    const positions = await track(store, subject.mmsi, w);
    if (identities.length === 0 && positions.length === 0)
      throw new CaseNotFound(`no vessel with MMSI ${subject.mmsi} in the store`);
    const events = (await listEvents(store, { ...w, mmsi: subject.mmsi })).filter(
      (e) => e.status !== "retracted",
    );
    return {
      title: `MMSI ${subject.mmsi}`,
      from: w.from ?? null,
      to: w.to ?? null,
      vessels: [{ mmsi: subject.mmsi, identities, track: positions }],
      events,
    };
  }
  const event = (await listEvents(store)).find((e) => e.id === subject.eventId);
  if (event === undefined) throw new CaseNotFound(`no event with id ${subject.eventId} in the store`);
  const win = { from: w.from ?? event.start - EVENT_MARGIN_MS, to: w.to ?? event.end + EVENT_MARGIN_MS };
  const vessels: CaseVessel[] = [];
  for (const v of event.vessels) {
    vessels.push({
      mmsi: v.mmsi,
      identities: await identityHistory(store, v.mmsi),
      track: await track(store, v.mmsi, win),
    });
  }
  return { title: `event ${event.id}`, from: win.from, to: win.to, vessels, events: [event] };
}
