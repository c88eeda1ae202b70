/**
 * Every detector threshold in one place, with where each default comes from. Figures
 * marked GFW are Global Fishing Watch's published event definitions (technical
 * documentation: Encounters, Loitering, Gaps, Port visits; see shared research.md).
 * The config hash goes into every event so a result can be traced to its settings.
 */
import { createHash } from "node:crypto";

export interface DetectConfig {
  /** Allowed lateness of a record behind the newest one seen, ms; later records are dropped and counted. */
  latenessMs: number;
  /** Time step of the pair finder and of periodic checks, ms (GFW resamples tracks to 10 min). */
  sliceMs: number;
  /** A vessel silent this long is forgotten (memory bound); its open gap, if any, is closed at that time. */
  evictMs: number;

  /** Tracks: a jump needing more than this speed starts a new track (spoofing/clone check), kn. */
  maxSpeedKn: number;
  /** Distance always reachable regardless of time (GPS noise), m. */
  jumpSlackM: number;
  /** Fixes a new track needs before it counts as a real ship rather than an outlier… */
  trackMinFixes: number;
  /** …and the time they must span, ms. */
  trackMinSpanMs: number;
  /** A track still unconfirmed this long after its last fix is dropped as an outlier, ms. */
  outlierTimeoutMs: number;
  /** Out-of-reach fixes needed before a teleport-and-back counts as spoofing (one is GPS noise). */
  jumpMinFixes: number;
  /** Live tracks one MMSI may hold at once; the stalest is dropped beyond this. */
  maxTracksPerMmsi: number;
  /** Spoofing findings of one MMSI closer than this in time are one episode, ms. */
  spoofMergeMs: number;
  /**
   * An episode with a clone in it stays open this long after its last finding, ms: the two
   * ships sharing the MMSI are there for days, and one of them falling silent a while (a
   * coverage hole) and transmitting again is the same clone, not a new one.
   */
  spoofCloneMergeMs: number;
  /** Fixes within this distance of (0, 0), m, are "null island" junk and ignored. */
  nullIslandM: number;
  /** Fixes on land (not in port) needed in a row before a land spoofing event. */
  landMinFixes: number;
  /**
   * A land fix not reached by an impossible jump is evidence only this far inland, m: 20 km
   * is where the simulator puts its false inland fixes (every point within 20 km is land),
   * and beyond the estuaries, harbours and lagoons that Natural Earth's 1:10m coast paints
   * as land (the Columbia, Elbe or Thames estuaries are water there for their first
   * 10-20 km). Rivers, canals and lakes further in are known from traffic (`water…`).
   */
  landInlandM: number;
  /**
   * A step between deep-inland fixes moves unlike the speed the vessel reports when implied
   * and reported speed differ by more than this, kn, plus the same again per 10 kn of the
   * larger: SOG is given to 0.1 kn and a minute's GPS noise (~10 m) is under 0.5 kn, while
   * a false position frozen inland under a reported 10-12 kn differs by all of it.
   */
  landSogToleranceKn: number;
  /**
   * Water learned from traffic: a land-mask cell (2', about 3.7 km) where this many
   * distinct MMSIs on continuous tracks (confirmed, not born of an impossible jump) have
   * been heard is water, whatever the coastline says. Three: one ship is no proof, and a
   * spoofer rarely moves several identities through one inland cell without a jump; Global
   * Fishing Watch's anchorages use the same distinct-vessel idea with larger counts over
   * years of data.
   */
  waterMinVessels: number;
  /** A land fix within this distance of learned water is on that water (a river's side channel, a berth), m. */
  waterNearM: number;
  /**
   * A run of deep-inland fixes is judged this long after it ends, against the water learned
   * by then, ms: the first ship heard on a river waits for the others to show the river.
   * A batch run shorter than this judges every run against all of its data.
   */
  waterHoldMs: number;

  /** Encounter: the two vessels within this distance, m (GFW 500 m). */
  encounterMaxDistM: number;
  /**
   * Encounter: the two vessels within this distance at least once, m. A transfer is made
   * moored alongside: the reported positions (each ship's GPS antenna) of two rafted ships
   * lie within ~150 m even for a VLCC and a small tanker. Ships queueing at an anchorage each
   * lie at their own anchor, their swinging circles keeping them 300-600 m apart: within
   * GFW's 500 m for hours, never alongside. GFW has no such floor.
   */
  encounterAlongsideM: number;
  /** Encounter: lasting at least this long, ms (GFW 2 h). */
  encounterMinMs: number;
  /** Encounter: median speed of both below this, kn (GFW < 2 kn). */
  encounterMaxMedianSpeedKn: number;
  /** Encounter and loitering: at least this far beyond any harbour (profile and world ports, learned anchorages), m (GFW 10 km from a coastal anchorage). */
  encounterMinPortDistM: number;
  /** Encounter: a fix older than this is not used for a slice (GFW does not interpolate across 70 min), ms. */
  encounterMaxFixAgeMs: number;
  /** Encounter: a pair apart no longer than this continues the same encounter, ms (GFW merges < 4 h; shorter here). */
  encounterMaxBreakMs: number;
  /**
   * Encounter: a pair that falls silent together (alongside, slow) is held this long and
   * continues if both reappear where they were: one meeting through a shared silence, ms.
   */
  encounterMaxDarkMs: number;
  /** Encounter: vessels faster than this at a slice are not paired (pruning only), kn. */
  encounterSliceSpeedKn: number;
  /**
   * Encounter: service craft, not transfer candidates, as [first type, last type, longest
   * plausible length m] over AIS ship type codes (ITU-R M.1371 table 53). A vessel
   * broadcasting such a type is left out of the pair rule unless its length (bow + stern)
   * exceeds that figure (a 180 m "tug" lies about its type) or it has broadcast another
   * type before (evaders change their type too). Every other type is a candidate: fishing
   * (30), cargo and reefers (70-79), tankers (80-89), other (90-99) and no type at all.
   * Lengths: about the largest of each kind afloat, rounded up (ocean tugs ~90 m, hopper
   * dredgers ~220 m, superyachts 180 m, sailing yachts ~145 m, coast guard cutters ~130 m,
   * hospital ships ~270 m, cruise ships ~365 m).
   */
  encounterServiceTypes: readonly (readonly [number, number, number])[];

  /**
   * Learned anchorages: cell size, degrees of latitude and longitude. GFW uses S2 cells of
   * ~0.5 km over years of data; a week of data puts too few ships in a cell that small, and
   * the ships of one outer anchorage or river berth lie spread over 1-2 km (swing circles,
   * berths along a bank): at 0.01 deg dprk-2019's Yalu and Taedong berths were not learned.
   */
  anchorageCellDeg: number;
  /** Learned anchorages: a vessel is stationary below this speed, kn (GFW's stationary test: < 0.5 kn). */
  anchorageMaxSpeedKn: number;
  /** Learned anchorages: a vessel counts for a cell when stationary in it over at least this long, ms (GFW 12 h). */
  anchorageMinStayMs: number;
  /**
   * Learned anchorages: distinct vessels a cell needs. GFW's 20 is for multi-year data; a
   * busy outer anchorage holds ~6-8 ships at once, a river berth 3-4 (dprk-2019's Yalu and
   * Taedong berths: 4 distinct vessels in a week), so 4.
   * So low a count would also learn an open-sea transfer hub, hence anchorageMaxPortDistM.
   */
  anchorageMinVessels: number;
  /**
   * Learned anchorages: a cell is kept only within this of a World Port Index port
   * or within anchorageMaxShoreNm of the coast, m. Outer anchorages lie off the port they
   * serve (Yangtze estuary, Qingdao, Dalian: 20-40 km from the WPI point); open-sea
   * transfers are held far out to escape port state control (dprk-2019's: >= 60 km).
   */
  anchorageMaxPortDistM: number;
  /**
   * Learned anchorages: or within this of the coast, nm: the territorial sea (12 nm, UNCLOS),
   * where a port authority assigns anchorages; the transfers of the profile lie beyond it
   * (dprk-2019's: >= 24 nm from shore).
   */
  anchorageMaxShoreNm: number;
  /**
   * Learned anchorages: beyond both of those, a cell is kept when at least this many
   * distinct vessels lay in it (twice anchorageMinVessels: a queue, not a meeting) ...
   */
  anchorageOffshoreMinVessels: number;
  /**
   * ... and it lies within this of a World Port Index port, m: the estuary anchorages of
   * the great river ports lie far off their port's reference point (the Yangtze estuary's
   * 25-30 nm east of the estuary, ~80-100 km from Shanghai's: China P&I LP 05/2025;
   * dprk-2019's at 81 km).
   */
  anchorageOffshoreMaxPortDistM: number;

  /** Loitering: hourly mean speed below this, kn (GFW 2 kn). */
  loiterMaxSpeedKn: number;
  /** Loitering: at least this long, ms (Starboard's 4 h; GFW's floor is not published). */
  loiterMinMs: number;
  /** Loitering: mean distance from shore at least this, nm (GFW 20 nm). */
  loiterMinShoreNm: number;
  /** Loitering: speed is averaged over bins of this length, ms (GFW: hours). */
  loiterBinMs: number;
  /** Loitering: empty bins tolerated inside an episode. */
  loiterMaxEmptyBins: number;
  /** Loitering: dropped when a visible partner was alongside for this share of it (that is an encounter). */
  loiterMaxPartnerShare: number;

  /** Gap: no position for at least this long, ms (GFW 12 h for published disabling events). */
  gapMinMs: number;
  /** Gap: at least this many fixes in the `gapDenseWindowMs` before it (GFW/Welch et al.: 14 in 12 h). */
  gapDenseFixes: number;
  gapDenseWindowMs: number;
  /** Gap: reception grid cell size, degrees (GFW models reception on a 1° grid; finer here to find hole edges). */
  receptionCellDeg: number;
  /** Gap: size of a region for the hourly vessel counts (a point's and the eight around it), degrees (GFW's 1° reception grid). */
  receptionRegionDeg: number;
  /** Gap: step of the samples along the gap's straight path, and the time bucket reception is counted in, ms. */
  receptionStepMs: number;
  /** Gap: a track adds to the reception count of its cell at most this often, ms. */
  receptionSampleMs: number;
  /** Gap: track-minutes a cell needs to count as reached by the feed (GFW: > 10 positions/day in the cell). */
  receptionMinHeard: number;
  /** Gap: a path point's place is within coverage when a reached cell, or one of the gap's own end fixes, lies this close, degrees. */
  receptionRadiusDeg: number;
  /**
   * Gap: vessel-hours heard in the regions around a path point for its time to be within
   * coverage (a sparse sea hears somebody every few hours, a regional dropout nobody)…
   */
  receptionMinVessels: number;
  /** Gap: …counted over the hour ending at the point and this long either side (within the silence), ms. */
  receptionWindowMs: number;
  /**
   * Gap: a path point whose regions still heard this many vessels an hour (averaged over the
   * window) is heard even when that is under half its usual count: a sparse sea's traffic
   * comes and goes (ships pass through in a few hours), while a dropout hears next to nobody.
   */
  receptionHeardPerHour: number;
  /** Gap: share of the path samples that must lie within coverage. */
  gapMinCoverage: number;
  /**
   * Gap: every silent hour's feed-wide vessel count must be at least this share of the
   * median hour of the day before; below it the feed failed (an outage, an export's hole).
   */
  gapFeedMinShare: number;
  /** Gap: …judged only when the feed's usual hour holds at least this many vessels (a handful leaving is no outage). */
  gapFeedMinVessels: number;
  /**
   * Gap: a vessel last heard under way with nothing ever heard this far ahead on its course
   * (degrees) sailed out of the data's area (an export clipped to a region, the shore
   * stations' range): not dark.
   */
  gapEdgeDeg: number;
  /** Gap: another vessel's gap overlapping in time with ends this close is a possible dark transfer, m. */
  darkPairM: number;
  /**
   * Gap: when at least this many other vessels fell silent within `gapDropoutSlackMs` of
   * when the vessel did, or came back within it of when it did, with an end of their silence
   * within `gapDropoutRadiusM` of an end of its, and they are at least `gapDropoutShare` of
   * the vessels heard in the regions around it as it fell silent, the receivers there failed
   * (a regional dropout silences the vessels it heard at once, and brings back at once those
   * that sailed into its area meanwhile): not dark. A dark transfer is two ships, rarely
   * three; a busy sea has vessels leaving range every hour, but not an eighth of it at once
   * for hours (dprk-2019 seed 1: a vessel at a dropout's edge, 4 of the 31 around it silent
   * with it, was a false gap at a quarter).
   */
  gapDropoutVessels: number;
  gapDropoutShare: number;
  gapDropoutRadiusM: number;
  gapDropoutSlackMs: number;

  /** Draught: a change larger than this at sea, m (AIS draught has 0.1 m resolution and is set by hand). */
  draughtMinChangeM: number;
  /** Draught: "at sea" means at least this far beyond every port's radius, m. */
  /**
   * Draught: a change waits this long for the vessel's next report to show it is not one
   * ship's two transponders alternating, ms: class A statics come every 6 minutes, so a
   * vessel heard at all reports again well within it.
   */
  draughtConfirmMs: number;
  draughtPortMarginM: number;
  /**
   * Draught: a silence this long between two reports is asked whether the feed could have
   * heard the vessel through it (else the change is tied to no place), ms…
   */
  draughtSilenceMs: number;
  /** …heard through when at least this share of its path had others heard around it (gap rule: 0.9). */
  draughtMinCoverage: number;

  /** Port call: entry inside the port radius; exit beyond radius plus this margin, m (GFW: enter 3 km, exit 4 km). */
  portExitMarginM: number;
  /** Port call: visits shorter than this are dropped, ms (GFW drops visits under 3 h). */
  portMinVisitMs: number;
  /** Port call: speed counted as stopped, kn (GFW 0.2 kn). */
  portStopSpeedKn: number;
  /** Zone: stays shorter than this are dropped, ms. */
  zoneMinStayMs: number;
  /** Port call and zone: places are checked at most this often per track, ms (visits last hours). */
  placeCheckMs: number;

  /**
   * Identity: an event waits at most this long for the vessel's next fix to place it at its
   * fix nearest in time (a static report has no position), ms: class A statics come every
   * 6 min and positions every 2-10 s under way, 3 min at anchor, so a vessel heard at all
   * is placed within minutes; six hours covers a silent stretch before the null place.
   */
  identityPlaceWaitMs: number;
  /** Identity: one IMO on two MMSIs both heard within this window is "shared", else a change of MMSI, ms. */
  imoSharedWindowMs: number;
  /** Identity: two MMSIs of one IMO heard this close (m) within `imoSamePlaceMs` are one vessel's two transponders. */
  imoSamePlaceM: number;
  imoSamePlaceMs: number;
  /**
   * MMSIs one IMO may be paired across: an IMO on more at once is a placeholder (a default
   * like 1234567 left in many transponders), not one ship's number, and its later holders
   * give no pairs (else one such IMO gives events by the square of its holders).
   */
  imoMaxHolders: number;

  /** Evidence points kept per event at most, and the track sampling interval behind them. */
  evidenceMaxPoints: number;
  evidenceIntervalMs: number;
}

const H = 3_600_000;

export const DEFAULT_CONFIG: Readonly<DetectConfig> = Object.freeze({
  latenessMs: 10 * 60_000,
  sliceMs: 10 * 60_000,
  evictMs: 14 * 24 * H,

  maxSpeedKn: 50,
  jumpSlackM: 2_000,
  trackMinFixes: 3,
  trackMinSpanMs: 20 * 60_000,
  outlierTimeoutMs: 2 * H,
  jumpMinFixes: 2,
  maxTracksPerMmsi: 3,
  spoofMergeMs: 6 * H,
  spoofCloneMergeMs: 24 * H,
  nullIslandM: 50_000,
  landMinFixes: 3,
  landInlandM: 20_000,
  landSogToleranceKn: 2,
  waterMinVessels: 3,
  waterNearM: 7_500,
  waterHoldMs: 24 * H,

  encounterMaxDistM: 500,
  encounterAlongsideM: 250,
  encounterMinMs: 2 * H,
  encounterMaxMedianSpeedKn: 2,
  encounterMinPortDistM: 10_000,
  encounterMaxFixAgeMs: 30 * 60_000,
  encounterMaxBreakMs: H,
  encounterMaxDarkMs: 24 * H,
  encounterSliceSpeedKn: 5,
  encounterServiceTypes: Object.freeze(
    (
      [
        [31, 32, 100], // towing
        [33, 33, 230], // dredging or underwater operations
        [34, 34, 160], // diving operations
        [35, 35, 350], // military operations
        [36, 36, 150], // sailing
        [37, 37, 180], // pleasure craft
        [40, 49, 130], // high-speed craft
        [50, 50, 40], // pilot
        [51, 51, 100], // search and rescue
        [52, 52, 100], // tug
        [53, 53, 60], // port tender
        [54, 54, 120], // anti-pollution
        [55, 55, 160], // law enforcement
        [58, 59, 300], // medical transports, non-combatant ships (RR 18)
        [60, 69, 400], // passenger
      ] as const
    ).map((r) => Object.freeze([...r] as const)),
  ),

  anchorageCellDeg: 0.02,
  anchorageMaxSpeedKn: 0.5,
  anchorageMinStayMs: 12 * H,
  anchorageMinVessels: 4,
  anchorageMaxPortDistM: 50_000,
  anchorageMaxShoreNm: 12,
  anchorageOffshoreMinVessels: 8,
  anchorageOffshoreMaxPortDistM: 120_000,

  loiterMaxSpeedKn: 2,
  loiterMinMs: 4 * H,
  loiterMinShoreNm: 20,
  loiterBinMs: 15 * 60_000,
  loiterMaxEmptyBins: 8,
  loiterMaxPartnerShare: 0.5,

  gapMinMs: 12 * H,
  gapDenseFixes: 14,
  gapDenseWindowMs: 12 * H,
  receptionCellDeg: 0.25,
  receptionRegionDeg: 1,
  receptionStepMs: H,
  receptionSampleMs: 60_000,
  receptionMinHeard: 10,
  receptionRadiusDeg: 0.5,
  receptionMinVessels: 2,
  receptionWindowMs: 3 * H,
  receptionHeardPerHour: 1,
  gapMinCoverage: 0.9,
  gapFeedMinShare: 0.5,
  gapFeedMinVessels: 20,
  gapEdgeDeg: 1,
  darkPairM: 50_000,
  gapDropoutVessels: 3,
  gapDropoutShare: 0.125,
  gapDropoutRadiusM: 150_000,
  gapDropoutSlackMs: H,

  draughtMinChangeM: 1,
  draughtPortMarginM: 5_000,
  draughtSilenceMs: 2 * H,
  draughtMinCoverage: 0.5,
  draughtConfirmMs: 6 * H,

  portExitMarginM: 1_000,
  portMinVisitMs: 3 * H,
  portStopSpeedKn: 0.2,
  zoneMinStayMs: H,
  placeCheckMs: 60_000,

  identityPlaceWaitMs: 6 * H,
  imoSharedWindowMs: 24 * H,
  imoSamePlaceM: 1_000,
  imoSamePlaceMs: H,
  imoMaxHolders: 8,

  evidenceMaxPoints: 48,
  evidenceIntervalMs: 10 * 60_000,
});

/** Defaults overridden by `over`. */
export function makeConfig(over: Partial<DetectConfig> = {}): DetectConfig {
  return { ...DEFAULT_CONFIG, ...over };
}

/** First 12 hex digits of SHA-256 over the config's keys in sorted order. */
export function configHash(c: DetectConfig): string {
  const keys = Object.keys(c).sort() as (keyof DetectConfig)[];
  const text = keys.map((k) => `${k}=${c[k]}`).join(";");
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}
