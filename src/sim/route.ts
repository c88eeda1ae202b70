/**
 * Sea routes that never cross land: A* over the land mask's 2' cells (8 neighbours, no
 * corner cutting, a toll on cells beside the coast so ships keep off it), then string
 * pulling: the path is shortened to the waypoints where a straight line would touch land.
 * Ships move linearly in latitude/longitude between waypoints, and line of sight is tested
 * by walking every cell that same straight line crosses, so no position along a route can
 * fall in a land cell.
 */
import { bearingDeg, distanceM } from "../geo/distance.js";
import { type LandMask, landMask } from "../geo/land.js";

export interface LatLon {
  lat: number;
  lon: number;
}

/** A polyline with cumulative distances, metres, from its first point. */
export interface Route {
  lat: number[];
  lon: number[];
  cum: number[];
  /** Initial bearing of each segment, degrees. */
  bearing: number[];
  length: number;
}

export function makeRoute(points: LatLon[]): Route {
  const cum = [0];
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1];
    const b = points[k];
    cum.push(cum[k - 1] + distanceM(a.lat, a.lon, b.lat, b.lon));
  }
  const bearing = points.slice(1).map((b, k) => bearingDeg(points[k].lat, points[k].lon, b.lat, b.lon));
  return {
    lat: points.map((p) => p.lat),
    lon: points.map((p) => p.lon),
    cum,
    bearing,
    length: cum[cum.length - 1],
  };
}

/** Where along a route a point lies: its position and the index of its segment. */
export interface Along {
  lat: number;
  lon: number;
  seg: number;
}

/** The point `d` metres along a route (clamped to its ends), written into `out`. */
export function pointAlong(r: Route, d: number, out: Along = { lat: 0, lon: 0, seg: 0 }): Along {
  const n = r.cum.length;
  let k = 0;
  if (n === 1 || d <= 0) {
    k = 0;
    d = 0;
  } else if (d >= r.length) {
    k = n - 2;
    d = r.length;
  } else {
    while (k < n - 2 && r.cum[k + 1] < d) k++;
  }
  const span = n === 1 ? 0 : r.cum[k + 1] - r.cum[k];
  const f = span > 0 ? (d - r.cum[k]) / span : 0;
  out.seg = k;
  out.lat = n === 1 ? r.lat[0] : r.lat[k] + f * (r.lat[k + 1] - r.lat[k]);
  out.lon = n === 1 ? r.lon[0] : r.lon[k] + f * (r.lon[k + 1] - r.lon[k]);
  return out;
}

/** Nearest sea cell centre to a point, searching rings of cells outwards. */
export function nearestSea(p: LatLon, mask: LandMask = landMask(), maxRings = 60): LatLon | null {
  const r0 = mask.row(p.lat);
  const c0 = mask.col(p.lon);
  if (!mask.landAt(r0, c0)) return p;
  let best: LatLon | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (let ring = 1; ring <= maxRings && best === null; ring++) {
    for (let dr = -ring; dr <= ring; dr++) {
      for (let dc = -ring; dc <= ring; dc++) {
        if (Math.max(Math.abs(dr), Math.abs(dc)) !== ring) continue;
        const r = r0 + dr;
        const c = (c0 + dc + mask.cols) % mask.cols;
        if (r < 0 || r >= mask.rows || mask.landAt(r, c)) continue;
        const q = { lat: mask.rowLat(r), lon: mask.colLon(c) };
        const d = distanceM(p.lat, p.lon, q.lat, q.lon);
        if (d < bestD) {
          bestD = d;
          best = q;
        }
      }
    }
  }
  return best;
}

/**
 * True when the straight lat/lon segment a→b crosses no land cell: walks the cells it
 * passes through (Amanatides–Woo), in the mask's continuous cell coordinates.
 */
export function clearLine(a: LatLon, b: LatLon, mask: LandMask = landMask()): boolean {
  const x0 = (a.lon + 180) / mask.cellDeg;
  const y0 = (90 - a.lat) / mask.cellDeg;
  const x1 = (b.lon + 180) / mask.cellDeg;
  const y1 = (90 - b.lat) / mask.cellDeg;
  let cx = Math.floor(x0);
  let cy = Math.floor(y0);
  const ex = Math.floor(x1);
  const ey = Math.floor(y1);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const sx = dx > 0 ? 1 : -1;
  const sy = dy > 0 ? 1 : -1;
  const tdx = dx === 0 ? Number.POSITIVE_INFINITY : Math.abs(1 / dx);
  const tdy = dy === 0 ? Number.POSITIVE_INFINITY : Math.abs(1 / dy);
  let tx = dx === 0 ? Number.POSITIVE_INFINITY : (dx > 0 ? cx + 1 - x0 : x0 - cx) * tdx;
  let ty = dy === 0 ? Number.POSITIVE_INFINITY : (dy > 0 ? cy + 1 - y0 : y0 - cy) * tdy;
  const land = (x: number, y: number) => mask.landAt(y, ((x % mask.cols) + mask.cols) % mask.cols);
  if (land(cx, cy)) return false;
  for (let guard = 0; (cx !== ex || cy !== ey) && guard < 100_000; guard++) {
    if (tx < ty) {
      cx += sx;
      tx += tdx;
    } else if (ty < tx) {
      cy += sy;
      ty += tdy;
    } else {
      // Through a cell corner exactly: both side cells are touched.
      if (land(cx + sx, cy) || land(cx, cy + sy)) return false;
      cx += sx;
      cy += sy;
      tx += tdx;
      ty += tdy;
    }
    if (tx > 1 && ty > 1 && (cx !== ex || cy !== ey)) break;
    if (land(cx, cy)) return false;
  }
  return !land(ex, ey);
}

/** Binary min-heap of cell indices keyed by a float priority. */
class Heap {
  private keys: number[] = [];
  private items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(item: number, key: number): void {
    const k = this.keys;
    const it = this.items;
    let i = it.length;
    k.push(key);
    it.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p] <= key) break;
      k[i] = k[p];
      it[i] = it[p];
      i = p;
    }
    k[i] = key;
    it[i] = item;
  }
  pop(): number {
    const k = this.keys;
    const it = this.items;
    const top = it[0];
    const lastK = k.pop() as number;
    const lastI = it.pop() as number;
    const n = it.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && k[l + 1] < k[l] ? l + 1 : l;
        if (k[c] >= lastK) break;
        k[i] = k[c];
        it[i] = it[c];
        i = c;
      }
      k[i] = lastK;
      it[i] = lastI;
    }
    return top;
  }
}

/** Cost multiplier for a cell beside land: keeps routes a cell off the coast where there is room. */
const COAST_TOLL = 3;

/**
 * A* over the cells of a box around both ends. The land bits of the box are copied into a
 * local array first so the inner loop is index arithmetic; the heuristic is weighted
 * (×1.5), trading a little optimality for far fewer cells visited, which a plausible route
 * does not need.
 */
function astar(mask: LandMask, from: LatLon, to: LatLon, marginDeg: number): LatLon[] | null {
  const res = mask.cellDeg;
  const r0 = Math.max(1, mask.row(Math.max(from.lat, to.lat) + marginDeg));
  const r1 = Math.min(mask.rows - 2, mask.row(Math.min(from.lat, to.lat) - marginDeg));
  // Work in unwrapped columns so a box may straddle the antimeridian.
  const cFrom = Math.floor((from.lon + 180) / res);
  let cTo = Math.floor((to.lon + 180) / res);
  if (cTo - cFrom > mask.cols / 2) cTo -= mask.cols;
  if (cFrom - cTo > mask.cols / 2) cTo += mask.cols;
  const margin = Math.ceil(marginDeg / res);
  const c0 = Math.min(cFrom, cTo) - margin;
  const w = Math.abs(cTo - cFrom) + 2 * margin + 1;
  const h = r1 - r0 + 1;
  const size = w * h;
  // Local land bits; the box's outer ring counts as land so neighbours never leave it.
  const land = new Uint8Array(size);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const edge = r === 0 || c === 0 || r === h - 1 || c === w - 1;
      land[r * w + c] = edge || mask.landAt(r0 + r, (((c0 + c) % mask.cols) + mask.cols) % mask.cols) ? 1 : 0;
    }
  }
  const start = (mask.row(from.lat) - r0) * w + (cFrom - c0);
  const goal = (mask.row(to.lat) - r0) * w + (cTo - c0);
  const gr = Math.floor(goal / w);
  const gc = goal % w;
  const stepY = res * 60;
  const cos = Float64Array.from({ length: h }, (_, r) => Math.cos((mask.rowLat(r0 + r) * Math.PI) / 180));
  const hdist = (r: number, c: number) => 1.5 * Math.hypot((c - gc) * stepY * cos[r], (r - gr) * stepY);
  const g = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  const prev = new Int32Array(size).fill(-1);
  const closed = new Uint8Array(size);
  const heap = new Heap();
  g[start] = 0;
  heap.push(start, hdist(Math.floor(start / w), start % w));
  const offsets = [-w - 1, -w, -w + 1, -1, 1, w - 1, w, w + 1];
  while (heap.size > 0) {
    const cur = heap.pop();
    if (closed[cur]) continue;
    if (cur === goal) break;
    closed[cur] = 1;
    const r = Math.floor(cur / w);
    const c = cur - r * w;
    if (r === 0 || c === 0 || r === h - 1 || c === w - 1) continue;
    let coastal = false;
    for (const o of offsets) if (land[cur + o]) coastal = true;
    const toll = coastal ? COAST_TOLL : 1;
    const dx = stepY * cos[r];
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        if (dr === 0 && dc === 0) continue;
        const n = cur + dr * w + dc;
        if (land[n] || closed[n]) continue;
        // No corner cutting: a diagonal step needs both side cells at sea.
        if (dr !== 0 && dc !== 0 && (land[cur + dr * w] || land[cur + dc])) continue;
        const ng = g[cur] + (dr !== 0 && dc !== 0 ? Math.hypot(dx, stepY) : dr !== 0 ? stepY : dx) * toll;
        if (ng < g[n]) {
          g[n] = ng;
          prev[n] = cur;
          heap.push(n, ng + hdist(r + dr, c + dc));
        }
      }
    }
  }
  if (prev[goal] === -1 && goal !== start) return null;
  const cells: LatLon[] = [];
  for (let k = goal; k !== -1; k = prev[k]) {
    const r = r0 + Math.floor(k / w);
    const c = c0 + (k % w);
    let lon = mask.colLon(((c % mask.cols) + mask.cols) % mask.cols);
    if (lon - from.lon > 180) lon -= 360;
    if (from.lon - lon > 180) lon += 360;
    cells.push({ lat: mask.rowLat(r), lon });
  }
  return cells.reverse();
}

/** Keeps only the waypoints needed for every straight leg to stay clear of land. */
function pull(points: LatLon[], mask: LandMask): LatLon[] {
  const out = [points[0]];
  let i = 0;
  while (i < points.length - 1) {
    let j = points.length - 1;
    while (j > i + 1 && !clearLine(points[i], points[j], mask)) j--;
    out.push(points[j]);
    i = j;
  }
  return out;
}

/**
 * A sea route from `from` to `to` (both must lie in sea cells). Searches a box around the
 * two ends, widening it when the way round is longer; throws when no route exists.
 */
export function seaRoute(from: LatLon, to: LatLon, mask: LandMask = landMask()): Route {
  if (mask.isLand(from.lat, from.lon) || mask.isLand(to.lat, to.lon))
    throw new Error(`route end on land: ${from.lat},${from.lon} -> ${to.lat},${to.lon}`);
  if (clearLine(from, to, mask)) return makeRoute([from, to]);
  for (const margin of [2, 6, 15]) {
    const cells = astar(mask, from, to, margin);
    if (cells) return makeRoute(pull([from, ...cells.slice(1, -1), to], mask));
  }
  throw new Error(`no sea route ${from.lat},${from.lon} -> ${to.lat},${to.lon}`);
}
