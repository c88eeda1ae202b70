#!/usr/bin/env node
/** The `darkfleet` command: one sub-command per file in this folder; what they share is in shared/. */
import { Command } from "commander";
import { register as registerCase } from "./case.js";
import { register as registerDecode } from "./decode.js";
import { register as registerDetect } from "./detect.js";
import { register as registerEval } from "./eval.js";
import { register as registerEvents } from "./events.js";
import { register as registerExports } from "./exports.js";
import { register as registerFlags } from "./flags.js";
import { register as registerIngest } from "./ingest.js";
import { register as registerLedger } from "./ledger.js";
import { register as registerLists } from "./lists.js";
import { register as registerRisk } from "./risk.js";
import { register as registerScreen } from "./screen.js";
import { register as registerServe } from "./serve.js";
import { quietOnClosedStdout } from "./shared/output.js";
import { register as registerSim } from "./sim.js";
import { register as registerStats } from "./stats.js";
import { register as registerTrack } from "./track.js";
import { register as registerVessels } from "./vessels.js";
import { register as registerWorker } from "./worker.js";

quietOnClosedStdout();
const program = new Command();
program
  .name("darkfleet")
  .description("Turns raw AIS vessel-tracking data into evidence of sanctions evasion at sea")
  .version("0.1.0")
  .showHelpAfterError();

registerDecode(program);
registerDetect(program);
registerEvents(program);
registerIngest(program);
registerWorker(program);
registerVessels(program);
registerTrack(program);
registerStats(program);
registerSim(program);
registerEval(program);
registerLedger(program);
registerCase(program);
registerFlags(program);
registerExports(program);
registerScreen(program);
registerLists(program);
registerRisk(program);
registerServe(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${message.startsWith("darkfleet:") ? message : `darkfleet: ${message}`}\n`);
  process.exit(process.exitCode && process.exitCode !== 0 ? process.exitCode : 1);
});
