/**
 * What survives encoding: the record a correct decoder returns for a message after it
 * went through the encoder. Scaled numbers go through their unit (units.ts) both ways,
 * rounded to the field's unit and clamped; text is cut to its field, upper-cased, cut at
 * the first '@' and trimmed of trailing spaces (gpsd's rendering). The property test uses
 * it as the expected value of encode → decode (so it checks the compiled layouts bit for
 * bit; gpsdecode checks the units), and the corpus to build records that encode without loss.
 */
import type { AisMessage, StaticDataReportB } from "../model/ais.js";
import { SIXBIT_CHARS, sixbitValue, trimSixbit } from "./bits.js";
import { layoutOf } from "./encode.js";
import { isAuxiliaryCraft } from "./messages.js";

/** Text as sent in a field of `chars` characters, before the receiver trims it. */
function sentText(text: string, chars: number): string {
  let out = "";
  for (let k = 0; k < Math.min(chars, text.length); k++) out += SIXBIT_CHARS[sixbitValue(text.charCodeAt(k))];
  return out.padEnd(chars, "@");
}

/** The record a correct decoder returns after `msg` was encoded. */
export function quantise(msg: AisMessage): AisMessage {
  if (msg.type === 24 && msg.partno === 1) return quantiseStaticB(msg);
  return quantiseFields(msg);
}

/** Each field of the message's layout as it comes back. */
function quantiseFields(msg: AisMessage): AisMessage {
  const out: Record<string, unknown> = { ...msg };
  for (const f of layoutOf(msg).fields) {
    if (f.kind === "text") {
      const v = out[f.name] as string;
      const chars = f.bits / 6;
      // A text with an extension is one text to the receiver.
      const extension = f.extension === undefined ? 0 : Math.min(f.extension, Math.max(0, v.length - chars));
      out[f.name] = trimSixbit(sentText(v, chars) + sentText(v.slice(chars), extension));
    } else if ((f.kind === "u" || f.kind === "s") && f.unit !== undefined) {
      const v = out[f.name] as number | null;
      out[f.name] = v === null ? null : f.unit.decode(f.unit.encode(v));
    } else if (f.kind === "label") {
      out[f.name] = f.texts[out[f.of] as number];
    } else if (f.kind === "format") {
      out[f.name] = f.format(...f.of.map((name) => out[name] as number));
    }
  }
  return out as unknown as AisMessage;
}

/** Type 24 part B: the 30 dimension bits hold the mother ship's MMSI exactly when the MMSI says auxiliary craft. */
function quantiseStaticB(msg: StaticDataReportB): AisMessage {
  const { mothership_mmsi, to_bow, to_stern, to_port, to_starboard, ...rest } = msg;
  const bits =
    mothership_mmsi ??
    ((to_bow ?? 0) % 512) * 2 ** 21 +
      ((to_stern ?? 0) % 512) * 2 ** 12 +
      ((to_port ?? 0) % 64) * 64 +
      ((to_starboard ?? 0) % 64);
  const text = (v: string, chars: number) => trimSixbit(sentText(v, chars));
  const out = { ...rest, vendorid: text(msg.vendorid, 3), callsign: text(msg.callsign, 7) };
  if (isAuxiliaryCraft(msg.mmsi)) return quantiseFields({ ...out, mothership_mmsi: bits % 2 ** 30 });
  return quantiseFields({
    ...out,
    to_bow: Math.floor(bits / 2 ** 21) % 512,
    to_stern: Math.floor(bits / 2 ** 12) % 512,
    to_port: Math.floor(bits / 64) % 64,
    to_starboard: bits % 64,
  });
}
