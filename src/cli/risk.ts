/**
 * `darkfleet risk [--top 50] [--bbox W,S,E,N] [--from T --to T] [--json]`: "which ships
 * first, and why?". One score per vessel, 0 to 100, from the profile's rules
 * (profiles/NAME/risk.json), every reason with its points and evidence: list entries,
 * event ids, and for inherited risk the vessel and event it came through. Reads the
 * events a `darkfleet detect` stored. With --bbox or a window, only vessels with an
 * event inside are ranked, and only those events count.
 */
import type { Command } from "commander";
import { loadRiskConfig } from "../risk/config.js";
import { type Reason, type RiskRow, scoreVessels } from "../risk/score.js";
import { loadFlagRisk } from "../screen/flags.js";
import { loadWatchlist } from "../screen/lists.js";
import { Matcher } from "../screen/matcher.js";
import { listEvents } from "../store/events.js";
import { identitiesSeen, vesselsSeen } from "../store/queries.js";
import { Store } from "../store/store.js";
import { DEFAULT_PROFILE } from "./shared/event-output.js";
import { DEFAULT_DB, parseBbox, parseTime } from "./shared/options.js";
import { TextOut } from "./shared/stdout.js";

interface RiskOptions {
  db: string;
  profile: string;
  top: string;
  bbox?: string;
  from?: string;
  to?: string;
  json?: boolean;
}

/** A reason in a few words: "dprk_port_call +40 (2 events)". */
export function brief(r: Reason): string {
  const what = r.link
    ? `via ${r.link.partner}${r.link.partnerName ? ` ${r.link.partnerName}` : ""} (${r.link.partnerScore}) in ${r.link.event}`
    : r.matched
      ? `"${r.matched.name}" ~ ${r.matched.listed} ${r.matched.score}`
      : r.lists
        ? r.lists.join(", ")
        : r.events
          ? `${r.events.length} event${r.events.length > 1 ? "s" : ""}`
          : "";
  return `${r.rule} +${r.points}${what ? ` (${what})` : ""}`;
}

export async function runRisk(o: RiskOptions): Promise<number> {
  const top = Number(o.top);
  if (!Number.isInteger(top) || top < 1)
    throw new Error(`bad --top '${o.top}': expected a whole number above 0`);
  const box = o.bbox === undefined ? undefined : parseBbox(o.bbox);
  const window = {
    ...(o.from === undefined ? {} : { from: parseTime(o.from) }),
    ...(o.to === undefined ? {} : { to: parseTime(o.to) }),
  };
  const config = loadRiskConfig(o.profile);
  const flags = loadFlagRisk(o.profile);
  const store = await Store.open(o.db, { readOnly: true });
  let rows: RiskRow[];
  try {
    const matcher = new Matcher((await loadWatchlist(o.profile, store)).entries);
    const events = await listEvents(store, { ...window, ...(box ? { box } : {}) });
    const history = await identitiesSeen(store);
    let vessels = (await vesselsSeen(store)).map((v) => ({ ...v, ...history.get(v.mmsi) }));
    if (box || o.from !== undefined || o.to !== undefined) {
      const involved = new Set(events.flatMap((e) => e.vessels.map((v) => v.mmsi)));
      vessels = vessels.filter((v) => involved.has(v.mmsi));
    }
    rows = scoreVessels(vessels, events, matcher, flags, config).slice(0, top);
  } finally {
    store.close();
  }
  const out = new TextOut();
  if (o.json) await out.line(JSON.stringify(rows));
  else {
    await out.line("rank\tscore\tmmsi\timo\tname\ttop reasons");
    for (const [i, r] of rows.entries())
      await out.line(
        [i + 1, r.score, r.mmsi, r.imo ?? "", r.name ?? "", r.reasons.slice(0, 3).map(brief).join("; ")].join(
          "\t",
        ),
      );
  }
  await out.flush();
  return 0;
}

export function register(program: Command): void {
  program
    .command("risk")
    .description("rank vessels by a 0-100 risk score with every reason, its points and evidence")
    .option("--top <n>", "how many vessels", "50")
    .option("--bbox <W,S,E,N>", "only events inside the box")
    .option("--from <time>", "only events ending after (ISO 8601 or epoch seconds)")
    .option("--to <time>", "only events starting before")
    .option("--db <file>", "DuckDB database file", DEFAULT_DB)
    .option(
      "--profile <name|dir>",
      "profile whose risk.json, flags.csv and watchlist to use",
      DEFAULT_PROFILE,
    )
    .option("--json", "a JSON array with every reason and its evidence")
    .action(async (opts: RiskOptions) => {
      process.exitCode = await runRisk(opts);
    });
}
