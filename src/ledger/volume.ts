/**
 * How much a ship carried, in tonnes and barrels, from what AIS tells: its length and beam
 * (the dimension fields), its draught (entered by the crew, 0.1 m steps) and its type.
 *
 * - Draught change: the weight taken on or put off equals the displaced water, so
 *   Δtonnes = ρ · Cb · L · B · Δdraught, sea water ρ = 1.025 t/m³ and a block coefficient Cb
 *   per ship type (how full the hull is against its L·B·T box). Oil tankers are about 0.80
 *   and bulk carriers 0.775-0.825, general cargo 0.70 (Barrass, Ship Design and Performance
 *   for Masters and Mates, 2004): 0.75 / 0.80 / 0.85 bound the low / mid / high estimate for
 *   tankers and cargo ships, 0.65 / 0.70 / 0.75 for the rest. Each AIS reading is rounded to
 *   0.1 m, so Δdraught is known to ±0.1 m, which widens the band too. (The waterplane
 *   coefficient would be the exact factor over a draught change; AIS gives neither, and the
 *   band covers the difference for full hulls.)
 * - Capacity: deadweight = displacement at the laden draught × a deadweight ratio (the
 *   cargo, fuel and stores a hull carries per tonne it displaces: about 0.8 for tankers and
 *   bulk carriers, 0.7 for general cargo, the usual design-stage figures). The laden draught
 *   is the deepest the vessel reported, or 0.4 × beam (B/T ≈ 2.5, typical of tankers) when
 *   it reported none deeper. The UN Panel of Experts' laden scenarios then take one third,
 *   one half and 90 per cent of it.
 * - Barrels per tonne: UN Statistics Division conversion factors (Energy Statistics
 *   Yearbook): gasoline 8.50, kerosene 7.77, gas oil/diesel 7.23, fuel oil 6.62, LPG 11.6;
 *   the product a tanker carries to DPRK is seldom known, so the default states one factor
 *   for refined products, 7.45, inside the 7.3-8.5 range the 1718 Committee's reports use.
 */

export const SEAWATER_T_PER_M3 = 1.025;
/** AIS draught steps (0.1 m): each of the two readings is off by up to half a step. */
export const DRAUGHT_RESOLUTION_M = 0.1;

export interface HullCoefficients {
  /** Block coefficient: low, mid, high. */
  cb: [number, number, number];
  /** Deadweight per tonne of laden displacement. */
  deadweightRatio: number;
}

const FULL: HullCoefficients = { cb: [0.75, 0.8, 0.85], deadweightRatio: 0.8 };
const FINE: HullCoefficients = { cb: [0.65, 0.7, 0.75], deadweightRatio: 0.7 };

/** Tankers (AIS types 80-89) and cargo ships (70-79) are full-bodied; anything else finer. */
export function hullOf(shipType: number | null): HullCoefficients {
  return shipType !== null && shipType >= 70 && shipType <= 89 ? FULL : FINE;
}

export const isTanker = (shipType: number | null): boolean =>
  shipType !== null && shipType >= 80 && shipType <= 89;

/** Barrels per tonne (UN Statistics Division), and the default for unspecified refined products. */
export const BARRELS_PER_TONNE: Readonly<Record<string, number>> = {
  refined: 7.45,
  gasoline: 8.5,
  kerosene: 7.77,
  diesel: 7.23,
  "fuel-oil": 6.62,
  lpg: 11.6,
};

export function barrelsPerTonne(product: string): number {
  const f = BARRELS_PER_TONNE[product];
  if (f === undefined)
    throw new Error(`unknown product '${product}' (products: ${Object.keys(BARRELS_PER_TONNE).join(", ")})`);
  return f;
}

export interface Hull {
  lengthM: number;
  beamM: number;
  shipType: number | null;
}

/** Tonnes taken on (positive) or put off for a draught change, low / mid / high. */
export function draughtChangeTonnes(hull: Hull, changeM: number): [number, number, number] {
  const { cb } = hullOf(hull.shipType);
  const d = Math.abs(changeM);
  const area = SEAWATER_T_PER_M3 * hull.lengthM * hull.beamM;
  return [
    area * cb[0] * Math.max(0, d - DRAUGHT_RESOLUTION_M),
    area * cb[1] * d,
    area * cb[2] * (d + DRAUGHT_RESOLUTION_M),
  ];
}

/** The laden draught assumed when the vessel never reported one deeper than this. */
export const ladenDraughtM = (hull: Hull, deepestReportedM: number | null): number =>
  Math.max(deepestReportedM ?? 0, 0.4 * hull.beamM);

/** Estimated deadweight in tonnes from dimensions, type and the deepest draught reported. */
export function deadweightTonnes(hull: Hull, deepestReportedM: number | null): number {
  const h = hullOf(hull.shipType);
  const displacement =
    SEAWATER_T_PER_M3 * h.cb[1] * hull.lengthM * hull.beamM * ladenDraughtM(hull, deepestReportedM);
  return displacement * h.deadweightRatio;
}
