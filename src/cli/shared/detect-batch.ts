/**
 * Feeds a batch of rows, as the ingest stores them, to a detector runner in the order they
 * were read (static reports before the position that followed them): `ingest --detect` and
 * `serve --feed` detect on the live stream with it.
 */
import type { DetectRunner } from "../../detect/engine/runner.js";
import type { Batch } from "../../ingest/producer.js";
import { blankPosition } from "../../model/records.js";
import { setStoredPosition, storedStatic } from "../../store/records.js";

/**
 * Feeds one stored batch to the runner in arrival order: positions and static reports
 * merged by line (a type 19's position before its static part, as decoding gives them).
 * The pipeline reuses the columns afterwards, so records are made here.
 */
export function detectBatch(runner: DetectRunner, b: Batch): void {
  const p = b.positions;
  const statics = b.statics;
  let k = 0;
  for (let i = 0; i < p.n; i++) {
    while (k < statics.length && statics[k].line < p.line[i]) runner.push(storedStatic(statics[k++]));
    runner.push(
      setStoredPosition(
        blankPosition(),
        p.mmsi[i],
        p.t[i],
        p.lat[i],
        p.lon[i],
        p.sog[i],
        p.cog[i],
        p.heading[i],
        p.navStatus[i],
        p.msgType[i],
      ),
    );
  }
  while (k < statics.length) runner.push(storedStatic(statics[k++]));
}
