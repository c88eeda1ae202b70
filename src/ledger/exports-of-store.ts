/** The export voyages in a store over a year or its whole span. */
import { loadProfile } from "../profile/load.js";
import { totals } from "../store/queries.js";
import type { Store } from "../store/store.js";
import { DELIVERY_DEFAULTS } from "./deliveries.js";
import { type ExportVoyage, findExports } from "./exports.js";
import { storeSource } from "./source.js";

export async function exportsOfStore(
  store: Store,
  r: { profile: string; year?: number },
): Promise<ExportVoyage[]> {
  const t = await totals(store);
  const from = r.year !== undefined ? Date.UTC(r.year, 0, 1) : (t.firstTime ?? 0);
  const to = r.year !== undefined ? Date.UTC(r.year + 1, 0, 1) : (t.lastTime ?? 0) + 1;
  const src = await storeSource(store, loadProfile(r.profile).ports, { from, to });
  return (await findExports(src, DELIVERY_DEFAULTS)).filter((x) => x.left >= from && x.left < to);
}
