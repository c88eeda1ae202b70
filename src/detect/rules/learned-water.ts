/**
 * Water learned from traffic (issue 15): Natural Earth's land has no rivers, canals or
 * lakes, so a cell of the land mask where `minVessels` distinct MMSIs have sailed on
 * continuous tracks is water, whatever the coastline says. Only cells the coastline calls
 * land are taught (the spoofing rule asks about no others), so memory follows the inland
 * waterways seen, not the sea. What is known at a moment depends only on the records
 * released before it, in the runner's total order: the same input gives the same water.
 */
import { cellAt, cellId, type Grid, grid } from "../../geo/grid.js";
import { LAND_CELL_DEG } from "../../geo/land.js";

const METRES_PER_DEG = 111_195;

export class LearnedWater {
  private readonly g: Grid = grid(LAND_CELL_DEG);
  /** Per taught cell, the distinct MMSIs heard there, up to `minVessels` (then it is water). */
  private readonly cells = new Map<number, number[]>();
  private readonly nearRows: number;

  constructor(
    private readonly minVessels: number,
    nearM: number,
  ) {
    this.nearRows = Math.ceil(nearM / (LAND_CELL_DEG * METRES_PER_DEG));
  }

  cell(lat: number, lon: number): number {
    return cellId(this.g, lat, lon);
  }

  /** `mmsi`, on a continuous track, was heard in cell `id`. */
  teach(id: number, mmsi: number): void {
    let seen = this.cells.get(id);
    if (seen === undefined) {
      seen = [];
      this.cells.set(id, seen);
    }
    if (seen.length < this.minVessels && !seen.includes(mmsi)) seen.push(mmsi);
  }

  isWater(id: number): boolean {
    const seen = this.cells.get(id);
    return seen !== undefined && seen.length >= this.minVessels;
  }

  /** Whether learned water lies within `nearM` of the cell `id` (its own cell included). */
  nearWater(id: number): boolean {
    const row = Math.floor(id / this.g.cols);
    const col = id - row * this.g.cols;
    const lat = row * this.g.sizeDeg - 90;
    const k = this.nearRows;
    const kc = Math.min(60, Math.ceil(k / Math.max(0.05, Math.cos((lat * Math.PI) / 180))));
    for (let r = row - k; r <= row + k; r++)
      for (let c = col - kc; c <= col + kc; c++) if (this.isWater(cellAt(this.g, r, c))) return true;
    return false;
  }
}
