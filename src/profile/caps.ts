/**
 * A profile's trade limits (profiles/NAME/caps.json): the yearly caps on what may be
 * delivered (UNSCR 2397: 500,000 bbl of refined petroleum products into DPRK) and the
 * export bans. The ledger sets its deliveries against them.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { profilesDir } from "./load.js";

export interface Cap {
  item: string;
  limit: number;
  unit: string;
  direction: "import" | "export";
  source: string;
}

export interface Ban {
  item: string;
  direction: "import" | "export";
  source: string;
}

export interface Caps {
  caps: Cap[];
  bans: Ban[];
}

/** The profile's caps and bans; none when it ships no caps.json. */
export function loadCaps(nameOrDir: string): Caps {
  const dir = nameOrDir.includes("/") ? nameOrDir : join(profilesDir(), nameOrDir);
  const file = join(dir, "caps.json");
  if (!existsSync(file)) return { caps: [], bans: [] };
  let data: Partial<Caps>;
  try {
    data = JSON.parse(readFileSync(file, "utf8")) as Partial<Caps>;
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  const caps = data.caps ?? [];
  for (const c of caps) {
    if (typeof c.item !== "string" || !Number.isFinite(c.limit) || c.limit < 0)
      throw new Error(`${file}: cap '${String(c.item)}' needs an item and a limit >= 0`);
  }
  return { caps, bans: data.bans ?? [] };
}

/** The cap on an item, or null when the profile sets none. */
export function capOn(caps: Caps, item: string): Cap | null {
  return caps.caps.find((c) => c.item === item) ?? null;
}
