/**
 * The detectors a run uses, in the order the runner calls them at each point (a fix, a
 * static report, a time slice, a track's end). The order is part of the output: events
 * are emitted as the rules are met, so reordering this list reorders the events. A rule
 * that reads another's state (encounter the ship classes, loitering the encounter's, draught the port call's) is
 * listed after it.
 */
import type { DetectorFactory } from "../engine/detector.js";
import { draughtRule } from "./draught.js";
import { encounterRule } from "./encounter.js";
import { gapRule } from "./gap.js";
import { identityRule } from "./identity.js";
import { loiteringRule } from "./loitering.js";
import { portCallRule } from "./port-call.js";
import { shipClassRule } from "./ship-class.js";
import { spoofingRule } from "./spoofing.js";

export const DETECTORS: readonly DetectorFactory[] = [
  shipClassRule,
  encounterRule,
  gapRule,
  loiteringRule,
  portCallRule,
  spoofingRule,
  draughtRule,
  identityRule,
];
