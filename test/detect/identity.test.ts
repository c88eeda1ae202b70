import { describe, expect, it } from "vitest";
import type { Event } from "../../src/model/event.js";
import { imoLike, imoValid } from "../../src/model/imo.js";
import { flagOfMmsi, midDisagrees } from "../../src/model/mid.js";
import type { Position, Static } from "../../src/model/records.js";
import { field, H, MIN, pos, run, runAll, sail, stat, T0 } from "./synth.js";

/** Emissions folded as a reader of the feed does: the last of each id wins, retracted ones go. */
function latest(emitted: Event[]): Event[] {
  const byId = new Map<string, Event>();
  for (const e of emitted) byId.set(e.id, e);
  return [...byId.values()].filter((e) => e.status !== "retracted");
}

const kinds = ["identity" as const, "draught" as const];

describe("IMO and MID checks", () => {
  it("checks IMO check digits", () => {
    // 9074729: 9·7+0·6+7·5+4·4+7·3+2·2 = 139 → 9
    expect(imoValid(9074729)).toBe(true);
    expect(imoValid(9074728)).toBe(false);
    expect(imoValid(8126070)).toBe(true); // SHANG YUAN BAO
    expect(imoValid(123)).toBe(false);
    expect(imoValid(0)).toBe(false);
    expect([9074728, 5000000, 9876543].map(imoLike)).toEqual([true, true, true]);
    // placeholders, a US Coast Guard official number, digits run together, a 9-digit MMSI
    expect([0, 1, 111, 9999999, 7777777, 1302229, 4999999, 939738900, 367432090].map(imoLike)).toEqual(
      Array(9).fill(false),
    );
  });

  it("maps MIDs to flags", () => {
    expect(flagOfMmsi(445123456)).toBe("KP");
    expect(flagOfMmsi(667001234)).toBe("SL");
    expect(flagOfMmsi(352001234)).toBe("PA");
    expect(flagOfMmsi(200000000)).toBeNull(); // MID 200 unallocated
    expect(flagOfMmsi(123456789)).toBeNull();
    expect(midDisagrees(445123456, "pa")).toBe(true);
    expect(midDisagrees(445123456, "KP")).toBe(false);
  });
});

describe("identity", () => {
  const track = sail(412000001, T0, 33, 124, 0, 10, 10 * H);

  it("reports a rename once, ignoring case, padding and empty names", () => {
    const recs = [
      ...track,
      stat(412000001, T0 + H, { name: "KUM UN SAN 3", imo: 8705539 }),
      stat(412000001, T0 + 2 * H, { name: "kum  un san 3@@@" }),
      stat(412000001, T0 + 3 * H, { name: null }),
      stat(412000001, T0 + 4 * H, { name: "@@@@" }),
      stat(412000001, T0 + 5 * H, { name: "NEW REGENT" }),
      stat(412000001, T0 + 6 * H, { name: "NEW REGENT" }),
    ];
    const ev = run(recs, { kinds });
    expect(ev.map((e) => e.attributes)).toEqual([
      { type: "change", field: "name", from: "KUM UN SAN 3", to: "NEW REGENT" },
    ]);
    expect(ev[0].start).toBe(T0 + 5 * H);
    expect(ev[0].vessels[0]).toEqual({ mmsi: 412000001, imo: 8705539, name: "NEW REGENT" });
  });

  it("reports an IMO failing its check digit once", () => {
    const recs = [
      ...track,
      stat(412000001, T0 + H, { imo: 8705538 }),
      stat(412000001, T0 + 2 * H, { imo: 8705538 }),
    ];
    expect(run(recs, { kinds }).map((e) => e.attributes.type)).toEqual(["imo_invalid"]);
  });

  it("reports no invalid IMO for a value that is no ship's IMO number", () => {
    // real US values: a USCG official number, 9397389 with 00 run on, a typed default, 84
    const values = [1302229, 939738900, 111, 84];
    const recs = [...track, ...values.map((imo, i) => stat(412000001, T0 + (i + 1) * H, { imo }))];
    expect(run(recs, { kinds }).filter((e) => e.attributes.type === "imo_invalid")).toEqual([]);
  });

  it("tells a new MMSI for an IMO from one IMO on two live MMSIs", () => {
    const later = sail(667000002, T0 + 40 * H, 34, 124, 0, 10, 2 * H);
    const recs = [
      ...track,
      stat(412000001, T0 + H, { imo: 8705539 }),
      ...later,
      stat(667000002, T0 + 41 * H, { imo: 8705539 }),
    ];
    const ev = run(recs, { kinds });
    expect(ev).toHaveLength(1);
    expect(ev[0].attributes).toMatchObject({ type: "mmsi_change", flagFrom: "CN", flagTo: "SL" });
    expect(ev[0].vessels.map((v) => v.mmsi)).toEqual([412000001, 667000002]);

    const twin = sail(667000002, T0, 30, 124, 0, 10, 10 * H);
    const shared = run(
      [
        ...track,
        ...twin,
        stat(412000001, T0 + H, { imo: 8705539 }),
        stat(667000002, T0 + 2 * H, { imo: 8705539 }),
      ],
      {
        kinds,
      },
    );
    expect(shared.map((e) => e.attributes.type)).toEqual(["imo_shared"]);
  });

  it("takes one IMO on two MMSIs at one place for one vessel's two transponders", () => {
    // GRAN FINALE (US data): class A 377039001 and class B 377039000 lying 30 m apart
    const a = sail(377039001, T0, 33.61814, -117.92553, 0, 0, 3 * H, 3 * MIN);
    const b = sail(377039000, T0 + MIN, 33.61813, -117.92525, 0, 0, 3 * H, 3 * MIN);
    const stats = [
      stat(377039001, T0 + 10 * MIN, { imo: 9022180, name: "GRAN FINALE" }),
      stat(377039000, T0 + 20 * MIN, { imo: 9022180, name: "GRAN FINALE" }),
    ];
    expect(run([...a, ...b, ...stats], { kinds })).toEqual([]);
    // the class B heard twice only (no confirmed track, so no place for the event): still one vessel
    expect(run([...a, ...b.slice(6, 8), ...stats], { kinds })).toEqual([]);
    // the same two 3 km apart are two vessels: shared
    const far = sail(377039000, T0 + MIN, 33.646, -117.92525, 0, 0, 3 * H, 3 * MIN);
    expect(run([...a, ...far, ...stats], { kinds }).map((e) => e.attributes.type)).toEqual(["imo_shared"]);
    // a new MMSI under a new name at the same berth is a reflag: reported
    const renamed = [stats[0], stat(377039000, T0 + 20 * MIN, { imo: 9022180, name: "OCEAN 17" })];
    expect(run([...a, ...b, ...renamed], { kinds }).map((e) => e.attributes.type)).toEqual(["imo_shared"]);
  });

  it("pairs no holders of a placeholder IMO: one failing its check digit, or one held by many MMSIs", () => {
    // 1234567 passes its check digit and sits in many transponders as a default
    const fleet = Array.from({ length: 40 }, (_, i) => 412000100 + i);
    const recs = fleet.flatMap((mmsi, i) => [
      ...sail(mmsi, T0, 30 + i * 0.1, 124, 0, 10, 3 * H),
      stat(mmsi, T0 + H + i * MIN, { imo: 1234567 }),
      stat(mmsi, T0 + 2 * H + i * MIN, { imo: 1234567 }),
    ]);
    const emitted = runAll(recs, { kinds, config: { imoMaxHolders: 5 } });
    // the first holders were paired as they came (10 pairs), and retracted with the sixth
    expect(emitted.filter((e) => e.status === "final")).toHaveLength(10);
    expect(latest(emitted)).toEqual([]);

    // an IMO failing its check digit on two ships heard at once: invalid twice, never a pair
    const two = [
      ...sail(412000001, T0, 33, 124, 0, 10, 3 * H),
      ...sail(667000002, T0, 30, 124, 0, 10, 3 * H),
      stat(412000001, T0 + H, { imo: 8705538 }),
      stat(667000002, T0 + H + MIN, { imo: 8705538 }),
    ];
    expect(run(two, { kinds }).map((e) => e.attributes.type)).toEqual(["imo_invalid", "imo_invalid"]);
  });

  it("names a vessel heard by its static reports only, though the stream runs past an hour", () => {
    // FUYUAN8 (AMSA feed, 27 Jan 2012): one type 5 report, no position, 12 minutes before the end
    const recs = [...track, stat(515103000, T0 + 9 * H + 48 * MIN, { imo: 9050976, name: "FUYUAN8" })];
    const ev = run(recs, { kinds });
    expect(ev.map((e) => e.vessels)).toEqual([[{ mmsi: 515103000, imo: 9050976, name: "FUYUAN8" }]]);
  });

  it("places an event of a vessel with no confirmed track at its latest fix", () => {
    // THOR FORTUNE (AMSA, a feed of 6.5 minutes): two fixes 3 minutes apart, never a confirmed track
    const recs = [
      pos(564853000, T0, -32.9, 151.9, 0.1),
      pos(564853000, T0 + 3 * MIN, -32.90001, 151.9, 0.1),
      stat(564853000, T0 + MIN, { imo: 9423613, name: "THOR FORTUNE" }),
    ];
    const ev = run(recs, { kinds });
    expect(ev.map((e) => [e.lat, e.lon, e.evidence[0]?.[0]])).toEqual([[-32.90001, 151.9, T0 + 3 * MIN]]);
  });

  it("places each event at the vessel's fix nearest in time to the report, or nowhere, never at 0,0", () => {
    const moving = sail(412000001, T0 + 10 * MIN, 33, 124, 0, 10, 60 * MIN, 20 * MIN);
    const recs = [
      // before the first fix: placed there
      stat(412000001, T0, { imo: 8705538 }),
      ...moving,
      // 10 min after the fix at +50 min, 20 min before the next: placed at +50 min
      stat(412000001, T0 + 60 * MIN, { imo: 9074728 }),
      // a vessel never heard at a position: no place
      stat(667000002, T0 + 5 * MIN, { imo: 8126071 }),
    ];
    const ev = runAll(recs, { kinds });
    const at = (imo: number) => ev.find((e) => e.attributes.imo === imo);
    expect([at(8705538)?.lat, at(8705538)?.evidence[0][0]]).toEqual([33, T0 + 10 * MIN]);
    expect(at(9074728)?.evidence[0][0]).toBe(T0 + 50 * MIN);
    expect(at(8126071)).toMatchObject({ lat: null, lon: null, evidence: [] });
    // and the IMO change between the two reports, placed like its report; the unplaced one
    // emitted once its wait is over
    expect(ev.map((e) => e.attributes.type)).toEqual(["imo_invalid", "change", "imo_invalid", "imo_invalid"]);
    expect(ev.filter((e) => e.lat === 0 && e.lon === 0)).toEqual([]);
  });
});

describe("draught", () => {
  const port = {
    name: "Nampo",
    unlocode: "KPNAM",
    kind: "port",
    country: "KP",
    lat: 33.5,
    lon: 124,
    radiusM: 6000,
  };
  const places = { ports: [port], zones: [], portCallCountries: ["KP"] };
  // steams north through the port circle (33.5 N) at 10 kn: in port around +3 h
  const track = sail(412000001, T0, 33, 124, 0, 10, 10 * H);

  it("reports a change at sea, not one made in port and reported after leaving", () => {
    const recs = [
      ...track,
      stat(412000001, T0 + H, { draught: 5.2 }),
      stat(412000001, T0 + 2 * H, { draught: 5.4 }), // under 1 m: no event
      stat(412000001, T0 + 3 * H + 1000, { draught: 9.1 }), // in port
      stat(412000001, T0 + 5 * H, { draught: 9.1 }),
      stat(412000001, T0 + 8 * H, { draught: 6.0 }), // at sea since the last report
    ];
    const ev = run(recs, { kinds, places });
    expect(ev).toHaveLength(1);
    expect(ev[0].attributes).toEqual({ before: 9.1, after: 6, changeM: -3.1 });
    expect(ev[0].start).toBe(T0 + 5 * H);
    expect(ev[0].end).toBe(T0 + 8 * H);

    const late = [
      ...track,
      stat(412000001, T0 + H, { draught: 5.2 }),
      stat(412000001, T0 + 5 * H, { draught: 9.1 }), // first report after the port
    ];
    expect(run(late, { kinds, places })).toEqual([]);
  });

  it("places a report of the old draught at the last fix: in port just before going dark is in port", () => {
    const moored = sail(412000001, T0, 33.5, 124, 0, 0, 6 * H, 2 * MIN);
    const back = sail(412000001, T0 + 20 * H, 34.5, 124, 0, 10, 2 * H, 2 * MIN);
    const recs = [
      ...moored,
      ...back,
      stat(412000001, T0 + H, { draught: 5.2 }),
      stat(412000001, T0 + 6 * H + 4 * MIN, { draught: 5.2 }), // heard after the last fix, still in port
      stat(412000001, T0 + 20 * H + 30 * MIN, { draught: 9.3 }), // first heard at sea
    ];
    expect(run(recs, { kinds, places })).toEqual([]);
  });

  it("judges a change reported while dark at the next fix", () => {
    const dark = track.filter((p) => p.t < T0 + 5 * H || p.t > T0 + 8 * H);
    const recs = [
      ...dark,
      // others heard around through the silence: the ship could have been heard (see below)
      ...field(31.5, 36.5, 122.5, 125.5),
      stat(412000001, T0 + 4 * H, { draught: 5.2 }),
      stat(412000001, T0 + 7 * H, { draught: 9.3 }),
    ];
    const ev = run(recs, { kinds, places });
    expect(ev).toHaveLength(1);
    expect([ev[0].start, ev[0].end]).toEqual([T0 + 4 * H, T0 + 7 * H]);
    expect(ev[0].evidence.at(-1)?.[0]).toBeGreaterThan(T0 + 8 * H);
  });

  it("ties a change across a long silence to a place only when the ship went dark where it would be heard", () => {
    // steaming north at 10 kn, silent from +8 h to +22 h; the old draught last heard at +7 h
    const quiet = track.filter((p) => p.t < T0 + 8 * H);
    const back = sail(412000001, T0 + 22 * H, 34.87, 124, 0, 10, 3 * H);
    const recs = [
      ...quiet,
      ...back,
      stat(412000001, T0 + 5 * H, { draught: 5.2 }),
      stat(412000001, T0 + 7 * H, { draught: 5.2 }),
      stat(412000001, T0 + 22 * H + 10 * MIN, { draught: 9.3 }),
    ];
    // others heard all around through the silence: going dark (a gap), so loaded in the dark
    const heard = run([...recs, ...field(31.5, 36.5, 122.5, 125.5)], { kinds, places });
    expect(heard.map((e) => [e.kind, e.attributes.after ?? null])).toEqual([["draught", 9.3]]);
    const withGap = run([...recs, ...field(31.5, 36.5, 122.5, 125.5)], { kinds: ["gap", "draught"], places });
    expect(withGap.map((e) => e.kind).sort()).toEqual(["draught", "gap"]);
    // nobody heard there at all (out of the export's area or the receivers' range): unseen, no event
    expect(run(recs, { kinds, places })).toEqual([]);
  });

  it("ties no change to a place across a silence the vessels around fell into with it (a regional dropout)", () => {
    // as above, silent from +8 h to +22 h where the feed hears all around
    const quiet = track.filter((p) => p.t < T0 + 8 * H);
    const back = sail(412000001, T0 + 22 * H, 34.87, 124, 0, 10, 3 * H);
    const stats = [
      stat(412000001, T0 + 5 * H, { draught: 5.2 }),
      stat(412000001, T0 + 7 * H, { draught: 5.2 }),
      stat(412000001, T0 + 22 * H + 10 * MIN, { draught: 9.3 }),
    ];
    const around = field(31.5, 36.5, 122.5, 125.5);
    // 16 vessels within 100 km of it, steaming north, fall silent within its hour and come back with it
    const fleet = (silent: boolean) =>
      Array.from({ length: 16 }, (_, i) =>
        sail(413000001 + i, T0, 33.05 + 0.05 * i, 124.05 + 0.05 * i, 0, 10, 26 * H).filter(
          (p) => !silent || p.t < T0 + (8 + i / 24) * H || p.t >= T0 + 22 * H,
        ),
      ).flat();
    const dropout = run([...quiet, ...back, ...stats, ...fleet(true), ...around], { kinds, places });
    expect(dropout).toEqual([]);
    // the same vessels heard all along: the ship alone went dark, loaded in the dark
    const alone = run([...quiet, ...back, ...stats, ...fleet(false), ...around], { kinds, places });
    expect(alone.map((e) => [e.kind, e.attributes.after ?? null])).toEqual([["draught", 9.3]]);
  });

  it("ties no change to a place across a silence the ship began sailing out of where anything is heard", () => {
    // heard west to 124 E at 10 kn, where the export's area ends; back 20 h later, heading east, laden
    const out = sail(412000001, T0, 33, 124.6, 270, 10, 3 * H).map((p) => ({ ...p, cog: 270 }));
    const lastLon = out[out.length - 1].lon;
    const back = sail(412000001, T0 + 23 * H, 33, lastLon, 90, 10, 3 * H).map((p) => ({ ...p, cog: 90 }));
    const recs = [
      ...out,
      ...back,
      stat(412000001, T0 + 2 * H, { draught: 5.2 }),
      stat(412000001, T0 + 23 * H + 10 * MIN, { draught: 9.3 }),
    ];
    const area = field(31.5, 36.5, 124, 125.5);
    expect(run([...recs, ...area], { kinds, places })).toEqual([]);
    // the same silence where the feed hears on westward too: cargo taken in the dark
    const wider = field(31.5, 36.5, 122, 125.5);
    expect(run([...recs, ...wider], { kinds, places }).map((e) => e.attributes.after)).toEqual([9.3]);
    // silent heading north inside the area (a regional dropout, say), back from the west edge heading east
    const north = sail(412000001, T0, 33, 124.6, 0, 10, 3 * H).map((p) => ({ ...p, cog: 0 }));
    const inward = sail(412000001, T0 + 23 * H, 33.6, 124.05, 90, 10, 3 * H).map((p) => ({ ...p, cog: 90 }));
    const stats = [
      stat(412000001, T0 + 2 * H, { draught: 5.2 }),
      stat(412000001, T0 + 23 * H + 10 * MIN, { draught: 9.3 }),
    ];
    expect(run([...north, ...inward, ...stats, ...area], { kinds, places })).toEqual([]);
  });

  it("ties a change across a shorter silence to a place only when the feed heard others through it", () => {
    // silent from +8 h to +14 h (not a gap): heard through, or in a regional dropout
    const quiet = track.filter((p) => p.t < T0 + 8 * H);
    const back = sail(412000001, T0 + 14 * H, 34.4, 124, 0, 10, 3 * H);
    const recs = [
      ...quiet,
      ...back,
      stat(412000001, T0 + 7 * H, { draught: 5.2 }),
      stat(412000001, T0 + 14 * H + 10 * MIN, { draught: 9.3 }),
    ];
    const heard = run([...recs, ...field(31.5, 36.5, 122.5, 125.5)], { kinds, places });
    expect(heard.map((e) => e.attributes.after)).toEqual([9.3]);
    const dropout = (_: number, t: number) => t > T0 + 8 * H && t < T0 + 14 * H;
    expect(run([...recs, ...field(31.5, 36.5, 122.5, 125.5, -24, 30, dropout)], { kinds, places })).toEqual(
      [],
    );
  });

  it("raises nothing for a draught alternating between two values (one ship's two transponders)", () => {
    const recs: (Position | Static)[] = [...track];
    for (let k = 0; k < 12; k++) {
      recs.push(stat(412000001, T0 + 4 * H + k * 6 * MIN, { draught: k % 2 === 0 ? 8.6 : 11.2 }));
    }
    expect(runAll(recs, { kinds, places })).toEqual([]);
    // the same ship loading for real: 8.6 m, then 11.2 m from then on
    const loaded: (Position | Static)[] = [...track, stat(412000001, T0 + 4 * H, { draught: 8.6 })];
    for (let k = 1; k < 12; k++) loaded.push(stat(412000001, T0 + 4 * H + k * 6 * MIN, { draught: 11.2 }));
    expect(run(loaded, { kinds, places }).map((e) => e.attributes)).toEqual([
      { before: 8.6, after: 11.2, changeM: 2.6 },
    ]);
  });
});
