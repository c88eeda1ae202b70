/**
 * Where the receivers hear ships at all: positions counted per grid cell. A gap is judged
 * against it: if the cells along the silent vessel's straight path have been heard
 * before (by anyone), the silence was the vessel's choice; if they never were, it sailed
 * into a coverage hole. A count per cell, not per cell and hour, and any heard cell
 * nearby will do: coverage holes are places (beyond the shore stations' range, outside
 * the satellites' footprint), and a sparse sea is not a hole just because nobody happened
 * to sail through that cell before.
 */
import { cellAt, cellCol, cellId, cellRow, type Grid, grid } from "../../geo/grid.js";

export interface Cell {
  heard: number;
}

export class ReceptionGrid {
  private readonly g: Grid;
  private readonly cells = new Map<number, Cell>();

  constructor(
    cellDeg: number,
    /** Step of the samples along a gap's path, ms. */
    private readonly stepMs: number,
    /** Positions a cell needs to count as covered. */
    private readonly minHeard: number,
    /** A point is covered when a heard cell lies this close, degrees: a sparse sea is not a hole. */
    private readonly radiusDeg: number,
  ) {
    this.g = grid(cellDeg);
  }

  /** The counter of cell `id`, created on first use. */
  private cell(id: number): Cell {
    let c = this.cells.get(id);
    if (c === undefined) {
      c = { heard: 0 };
      this.cells.set(id, c);
    }
    return c;
  }

  /**
   * Counts a fix heard in its cell. Takes the fix, not two numbers (profile: doubles
   * passed to a call that is not inlined are boxed, garbage on the per-fix path).
   */
  hear(p: { lat: number; lon: number }): void {
    this.cell(cellId(this.g, p.lat, p.lon)).heard++;
  }

  /** True when some cell within `radiusDeg` (a square) of the point has been heard enough. */
  covered(lat: number, lon: number): boolean {
    const k = Math.ceil(this.radiusDeg / this.g.sizeDeg);
    const row = cellRow(this.g, lat);
    const col = cellCol(this.g, lon);
    for (let dr = -k; dr <= k; dr++) {
      for (let dc = -k; dc <= k; dc++) {
        if ((this.cells.get(cellAt(this.g, row + dr, col + dc))?.heard ?? 0) >= this.minHeard) return true;
      }
    }
    return false;
  }

  /**
   * Share of the sample points strictly inside (t0, t1), one per step, on the straight path
   * from (lat0, lon0) to (lat1, lon1) that are covered. The two ends are fixes that were
   * heard, so points within `radiusDeg` of them count as covered as a heard cell's
   * surroundings do (the vessel may reappear in a sea nobody else has crossed yet). Null
   * when the interval holds no sample.
   */
  coverage(t0: number, lat0: number, lon0: number, t1: number, lat1: number, lon1: number): number | null {
    const first = Math.floor(t0 / this.stepMs) + 1;
    const last = Math.ceil(t1 / this.stepMs) - 1;
    const r = this.radiusDeg;
    let n = 0;
    let covered = 0;
    for (let b = first; b <= last; b++) {
      const f = (b * this.stepMs - t0) / (t1 - t0);
      const lat = lat0 + (lat1 - lat0) * f;
      const lon = lon0 + (lon1 - lon0) * f;
      const nearEnd =
        (Math.abs(lat - lat0) <= r && Math.abs(lon - lon0) <= r) ||
        (Math.abs(lat - lat1) <= r && Math.abs(lon - lon1) <= r);
      n++;
      if (nearEnd || this.covered(lat, lon)) covered++;
    }
    return n === 0 ? null : covered / n;
  }
}
