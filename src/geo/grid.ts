/**
 * Regular lat/lon grid cells as single integers, for spatial hashing: detectors bucket
 * points by cell and compare only neighbouring cells, never all pairs.
 */

/** Cells per row are fixed by the cell size so ids are unique worldwide. */
export interface Grid {
  readonly sizeDeg: number;
  readonly cols: number;
}

export function grid(sizeDeg: number): Grid {
  return { sizeDeg, cols: Math.ceil(360 / sizeDeg) + 1 };
}

export function cellRow(g: Grid, lat: number): number {
  return Math.floor((lat + 90) / g.sizeDeg);
}

export function cellCol(g: Grid, lon: number): number {
  return Math.floor((lon + 180) / g.sizeDeg);
}

export function cellId(g: Grid, lat: number, lon: number): number {
  return cellRow(g, lat) * g.cols + cellCol(g, lon);
}

/** Id of the cell at (row, col); columns wrap at the antimeridian. */
export function cellAt(g: Grid, row: number, col: number): number {
  const c = ((col % (g.cols - 1)) + (g.cols - 1)) % (g.cols - 1);
  return row * g.cols + c;
}
