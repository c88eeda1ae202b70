/**
 * Identity checks a screening reports, from the identifiers alone: the IMO check digit,
 * the flag an MMSI's MID names (and its weight in the profile's flag table), whether that
 * flag agrees with the flag claimed for the vessel, and with the flag a list gives it.
 */

import { imoValid } from "../model/imo.js";
import { flagOfMmsi, midOf } from "../model/mid.js";
import type { FlagRisk } from "./flags.js";

export interface IdentityCheck {
  check: "imo_check_digit" | "mid" | "flag_risk" | "flag_mismatch" | "reflagged";
  ok: boolean;
  detail: string;
}

export function imoCheck(imo: number): IdentityCheck {
  const ok = imoValid(imo);
  return { check: "imo_check_digit", ok, detail: `IMO ${imo} ${ok ? "passes" : "fails"} its check digit` };
}

/** MID checks of an MMSI; `claimed` is a flag the vessel or a list gives (ISO alpha-2), if any. */
export function mmsiChecks(
  mmsi: number,
  flags: ReadonlyMap<string, FlagRisk>,
  claimed: string | null,
): IdentityCheck[] {
  const mid = midOf(mmsi);
  const flag = flagOfMmsi(mmsi);
  if (mid === null)
    return [{ check: "mid", ok: false, detail: `MMSI ${mmsi} is not a ship station's (no MID)` }];
  if (flag === null)
    return [
      { check: "mid", ok: false, detail: `MMSI ${mmsi}: MID ${mid} is allocated to no administration` },
    ];
  const out: IdentityCheck[] = [{ check: "mid", ok: true, detail: `MMSI ${mmsi}: MID ${mid} is ${flag}` }];
  const risk = flags.get(flag);
  if (risk)
    out.push({
      check: "flag_risk",
      ok: false,
      detail: `${risk.flag} (${risk.kind}, weight ${risk.weight}): ${risk.reason}`,
    });
  if (claimed !== null && claimed !== flag)
    out.push({
      check: "flag_mismatch",
      ok: false,
      detail: `MMSI ${mmsi} names ${flag}, the vessel is given as ${claimed}`,
    });
  return out;
}

/** A listed vessel whose MMSI now names another flag than its list entry gives: reflagged since listing. */
export function reflagCheck(mmsi: number, listFlag: string, entry: string): IdentityCheck | null {
  const flag = flagOfMmsi(mmsi);
  if (flag === null || flag === listFlag) return null;
  return { check: "reflagged", ok: false, detail: `MMSI ${mmsi} names ${flag}; ${entry} gives ${listFlag}` };
}
