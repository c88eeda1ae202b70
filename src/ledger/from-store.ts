/** The ledger of a store: its events and tracks, a profile's ports and cap, the user's settings. */
import { capOn, loadCaps } from "../profile/caps.js";
import { loadProfile } from "../profile/load.js";
import { totals } from "../store/queries.js";
import type { Store } from "../store/store.js";
import { DELIVERY_DEFAULTS, findDeliveries } from "./deliveries.js";
import { buildLedger, type Ledger } from "./ledger.js";
import { storeSource } from "./source.js";
import { barrelsPerTonne } from "./volume.js";

export const CAPPED_ITEM = "refined petroleum products";

export interface LedgerRequest {
  profile: string;
  /** Calendar year; else the store's whole time span. */
  year?: number;
  /** Overrides the profile's cap (0: a full ban). */
  cap?: number;
  fraction?: number;
  product: string;
}

export async function ledgerOfStore(store: Store, r: LedgerRequest): Promise<Ledger> {
  const profile = loadProfile(r.profile);
  const cap = capOn(loadCaps(r.profile), CAPPED_ITEM);
  const t = await totals(store);
  const dataEnd = t.lastTime ?? 0;
  const from = r.year !== undefined ? Date.UTC(r.year, 0, 1) : (t.firstTime ?? 0);
  const to = r.year !== undefined ? Date.UTC(r.year + 1, 0, 1) : dataEnd + 1;
  // Loadings up to a voyage before the window can arrive inside it.
  const src = await storeSource(store, profile.ports, {
    from: from - DELIVERY_DEFAULTS.maxVoyageH * 3_600_000,
    to,
  });
  const deliveries = await findDeliveries(src, { start: t.firstTime ?? 0, end: dataEnd });
  return buildLedger(deliveries, {
    cap: r.cap ?? cap?.limit ?? 0,
    capItem: CAPPED_ITEM,
    capSource: r.cap !== undefined ? "--cap" : (cap?.source ?? "none in the profile"),
    from,
    to,
    product: r.product,
    barrelsPerTonne: barrelsPerTonne(r.product),
    fraction: r.fraction,
  });
}
