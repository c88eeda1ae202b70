/**
 * The decoder of each supported message type, compiled once at load from its field table
 * (fields.ts) into a function that reads every field at its fixed offset and returns the
 * record as one object literal, keys in table order: as fast as the hand-written decoders
 * it replaces, since decoding is the hot path. Units come scaled (degrees, knots, metres);
 * "not available" codes become null (units.ts).
 */
import type { AisMessage } from "../model/ais.js";
import { type BitReader, trimSixbit } from "./bits.js";
import {
  type Field,
  fieldOf,
  HEADER,
  LAYOUTS,
  type Layout,
  STATIC_A,
  STATIC_B,
  STATIC_B_AUX,
} from "./fields.js";

type Decoder = (b: BitReader, type: number, rxtime: number | null, station: string | null) => AisMessage;

/** Minimum payload bits per supported type: the shortest of its layouts. */
export const MIN_BITS: Readonly<Record<number, number>> = Object.fromEntries(
  Object.entries(LAYOUTS).map(([type, layouts]) => [type, Math.min(...layouts.map((l) => l.bits))]),
);

/**
 * Text that continues after the fixed part of the message (type 21 names): the field is
 * joined untrimmed with as many extension characters as the payload holds, as gpsd does,
 * then cut and trimmed.
 */
function extendedText(b: BitReader, start: number, chars: number, at: number, max: number): string {
  const extra = Math.min(max, Math.floor((b.length - at) / 6));
  return trimSixbit(extra > 0 ? b.rawText(start, chars) + b.rawText(at, extra) : b.rawText(start, chars));
}

/** Compiles a layout into a decoder (generated source: one property per field, no loop per message). */
function compile(l: Layout): Decoder {
  const units: unknown[] = [];
  const props: string[] = [];
  for (const f of l.fields) {
    const expr = readExpr(f, l, units);
    if (expr !== null && f.kind !== "spare") props.push(`${JSON.stringify(f.name)}: ${expr}`);
  }
  const body =
    `return (b, type, rxtime, station) => ({ class: "AIS", type, repeat: ${read(HEADER.repeat)}, ` +
    `mmsi: ${read(HEADER.mmsi)}, ` +
    `rxtime, station, ${props.join(", ")} });`;
  return new Function("units", "extendedText", body)(units, extendedText) as Decoder;
}

const read = (f: { start: number; bits: number }) => `b.u(${f.start}, ${f.bits})`;

function readExpr(f: Field, l: Layout, units: unknown[]): string | null {
  switch (f.kind) {
    case "spare":
      return null;
    case "flag":
      return `b.flag(${f.start})`;
    case "fixed":
      return `b.u(${f.start}, ${f.bits})`;
    case "label": {
      const of = fieldOf(l, f.of);
      units.push(f.texts);
      return `units[${units.length - 1}][b.u(${of.start}, ${of.bits})]`;
    }
    case "format": {
      units.push(f.format);
      const args = f.of.map((name) => {
        const of = fieldOf(l, name);
        return `b.u(${of.start}, ${of.bits})`;
      });
      return `units[${units.length - 1}](${args.join(", ")})`;
    }
    case "text":
      return f.extension === undefined
        ? `b.text(${f.start}, ${f.bits / 6})`
        : `extendedText(b, ${f.start}, ${f.bits / 6}, ${l.bits}, ${f.extension})`;
    case "u":
    case "s": {
      const raw = `b.${f.kind}(${f.start}, ${f.bits})`;
      if (f.unit === undefined) return raw;
      units.push(f.unit.decode);
      return `units[${units.length - 1}](${raw})`;
    }
  }
}

const DECODERS = new Map<Layout, Decoder>();
for (const layouts of Object.values(LAYOUTS))
  for (const l of layouts) if (!DECODERS.has(l)) DECODERS.set(l, compile(l));
const BY_TYPE: (Decoder | undefined)[] = [];
for (const [type, layouts] of Object.entries(LAYOUTS)) BY_TYPE[Number(type)] = DECODERS.get(layouts[0]);
const PARTNO = fieldOf(STATIC_A, "partno");
const decodeStaticA = DECODERS.get(STATIC_A) as Decoder;
const decodeStaticB = DECODERS.get(STATIC_B) as Decoder;
const decodeStaticBAux = DECODERS.get(STATIC_B_AUX) as Decoder;

/** An MMSI of the form 98MIDxxxx is an auxiliary craft of a mother ship (ITU-R M.585). */
export function isAuxiliaryCraft(mmsi: number): boolean {
  return Math.floor(mmsi / 10_000_000) === 98;
}

/**
 * Decodes a complete payload whose type is supported and whose length has been checked
 * against MIN_BITS. Returns null when a field makes the message invalid (type 24 part 2/3).
 */
export function decodeMessage(
  b: BitReader,
  type: number,
  rxtime: number | null,
  station: string | null,
): AisMessage | null {
  if (type !== 24) return BY_TYPE[type]?.(b, type, rxtime, station) ?? null;
  const partno = b.u(PARTNO.start, PARTNO.bits);
  if (partno === 0) return decodeStaticA(b, type, rxtime, station);
  if (partno !== 1 || b.length < STATIC_B.bits) return null;
  return (isAuxiliaryCraft(b.u(HEADER.mmsi.start, HEADER.mmsi.bits)) ? decodeStaticBAux : decodeStaticB)(
    b,
    type,
    rxtime,
    station,
  );
}
