/** `darkfleet eval --truth truth.json --events events.jsonl [--json] [--slack-min N]`: scores detections against simulator truth. */
import type { Command } from "commander";
import { DEFAULT_EVAL, evaluate } from "../eval/match.js";
import { readEvents, readTruth } from "../eval/read.js";
import { formatReport } from "../eval/report.js";

export function register(program: Command): void {
  program
    .command("eval")
    .description("score detected events against simulator ground truth: precision, recall and F1 per kind")
    .requiredOption("--truth <file>", "truth.json written by `darkfleet sim`")
    .requiredOption("--events <file>", "detected events, JSON lines (kind, vessels, start, end)")
    .option("--json", "print the full result as JSON")
    .option(
      "--slack-min <minutes>",
      "time slack on each side when matching",
      String(DEFAULT_EVAL.slackMs / 60_000),
    )
    .action((opts: { truth: string; events: string; json?: boolean; slackMin: string }) => {
      const slackMs = Number(opts.slackMin) * 60_000;
      if (!Number.isFinite(slackMs) || slackMs < 0)
        throw new Error(`darkfleet: bad --slack-min ${opts.slackMin}`);
      const result = evaluate(readTruth(opts.truth), readEvents(opts.events), { slackMs });
      process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : formatReport(result));
    });
}
