import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecentTracks, registryOrder } from "../../src/detect/engine/recent-tracks.js";
import { RowLayout } from "../../src/detect/engine/state-rows.js";
import { TRACK_NUMBERS, Track, VESSEL_NUMBERS, Vessel } from "../../src/detect/engine/track.js";
import { blankPosition } from "../../src/model/records.js";

const MIN = 60_000;

/** A registry of `vessels` vessels with `tracks` tracks each, listed as ctx.vessels lists them. */
function fleet(vessels: number, tracks: number): Track[][] {
  const trackRows = new RowLayout(TRACK_NUMBERS.length).rows;
  const vesselRows = new RowLayout(VESSEL_NUMBERS.length).rows;
  return Array.from({ length: vessels }, (_, seq) => {
    const v = new Vessel(300_000_000 + ((seq * 7919) % vessels), seq, vesselRows);
    v.tracks = Array.from({ length: tracks }, (_, i) => new Track(v, i, 10 * MIN, trackRows));
    return v.tracks;
  });
}

const key = (t: Track): string => `${t.vessel.seq}/${t.index}`;

/** One fix of `track` at `t`, as the runner takes it. */
function fix(recent: RecentTracks, track: Track, t: number): void {
  track.record({ ...blankPosition(), mmsi: track.mmsi, t, lat: 1, lon: 2 });
  recent.heard(track);
}

describe("recent tracks", () => {
  it("lists the tracks heard since a time, each once, sorted into the registry's order", () => {
    const [[a0, a1], [b0]] = fleet(2, 2);
    const recent = new RecentTracks(10 * MIN);
    fix(recent, b0, 1 * MIN);
    fix(recent, a1, 2 * MIN);
    fix(recent, a0, 12 * MIN);
    fix(recent, b0, 25 * MIN);
    fix(recent, b0, 26 * MIN);
    expect(recent.since(0).sort(registryOrder).map(key)).toEqual([a0, a1, b0].map(key));
    expect(
      recent
        .since(2 * MIN)
        .sort(registryOrder)
        .map(key),
    ).toEqual([a0, a1, b0].map(key));
    expect(
      recent
        .since(3 * MIN)
        .sort(registryOrder)
        .map(key),
    ).toEqual([a0, b0].map(key));
    expect(
      recent
        .since(26 * MIN)
        .sort(registryOrder)
        .map(key),
    ).toEqual([b0].map(key));
    expect(recent.since(27 * MIN)).toEqual([]);
  });

  it("returns exactly the tracks a scan of every vessel finds (property)", () => {
    // steps: a fix of (vessel, track) after `dt` minutes, or a query of the last `window` minutes
    const step = fc.oneof(
      fc.record({ vessel: fc.nat(5), track: fc.nat(2), dt: fc.nat(40) }),
      fc.record({ window: fc.nat(60), dt: fc.nat(40) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.array(step, { maxLength: 80 }), (bucketMin, steps) => {
        const tracks = fleet(6, 3);
        const recent = new RecentTracks(bucketMin * MIN);
        let t = 0;
        let since = Number.NEGATIVE_INFINITY;
        for (const s of steps) {
          t += s.dt * MIN;
          if ("vessel" in s) fix(recent, tracks[s.vessel][s.track], t);
          else {
            // queries never go back in time
            since = Math.max(since, t - s.window * MIN);
            const scan = tracks.flat().filter((x) => x.nFix > 0 && x.lastT >= since);
            expect(recent.since(since).sort(registryOrder).map(key)).toEqual(scan.map(key));
          }
        }
      }),
    );
  });
});
