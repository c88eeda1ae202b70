/**
 * What survives encoding: the record a correct decoder returns for a message after it
 * went through the encoder. Numbers are rounded to their field's unit and clamped,
 * text is cut to its field, upper-cased, cut at the first '@' and trimmed of trailing
 * spaces (gpsd's rendering). The property test uses it as the expected value of
 * encode → decode, and the corpus to build records that encode without loss.
 *
 * Written from ITU-R M.1371-5 and gpsd's scaling, independently of the decoder.
 */
import type { AisMessage } from "../model/ais.js";
import {
  altitudeRaw,
  courseRaw,
  courseRawLong,
  draughtRaw,
  headingRaw,
  latRaw,
  latRawLong,
  lonRaw,
  lonRawLong,
  sarSpeedRaw,
  sixbitValue,
  speedRaw,
  speedRawLong,
  turnRaw,
} from "./encode-units.js";

const SIXBIT_CHARS = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

/** Text as sent in a field of `chars` characters, before the receiver trims it. */
function sentText(text: string, chars: number): string {
  let out = "";
  for (let k = 0; k < Math.min(chars, text.length); k++) out += SIXBIT_CHARS[sixbitValue(text.charCodeAt(k))];
  return out.padEnd(chars, "@");
}

/** Text as received: cut at the first '@', trailing spaces trimmed. */
function receivedText(sent: string): string {
  const at = sent.indexOf("@");
  return (at < 0 ? sent : sent.slice(0, at)).trimEnd();
}

function quantiseText(text: string, chars: number): string {
  return receivedText(sentText(text, chars));
}

/** Rate of turn after encoding: ROT = (ROT_AIS / 4.733)², rounded, sign kept; ±127 → ±720. */
function quantiseTurn(turn: number | null): number | null {
  const raw = turnRaw(turn);
  if (raw === -128) return null;
  if (Math.abs(raw) === 127) return raw > 0 ? 720 : -720;
  const rot = Math.round((raw / 4.733) ** 2);
  return raw < 0 ? -rot : rot;
}

const lat = (v: number | null) => (v === null ? null : latRaw(v) / 600_000);
const lon = (v: number | null) => (v === null ? null : lonRaw(v) / 600_000);
const speed = (v: number | null) => (v === null ? null : speedRaw(v) / 10);
const course = (v: number | null) => (v === null ? null : courseRaw(v) / 10);
const heading = (v: number | null) => (v === null ? null : headingRaw(v));

/** An MMSI 98MIDxxxx is an auxiliary craft: its type 24B carries the mother ship's MMSI. */
function isAuxiliaryCraft(mmsi: number): boolean {
  return Math.floor(mmsi / 10_000_000) === 98;
}

/** The record a correct decoder returns after `msg` was encoded. */
export function quantise(msg: AisMessage): AisMessage {
  switch (msg.type) {
    case 1:
    case 2:
    case 3:
      return {
        ...msg,
        turn: quantiseTurn(msg.turn),
        speed: speed(msg.speed),
        lon: lon(msg.lon),
        lat: lat(msg.lat),
        course: course(msg.course),
        heading: heading(msg.heading),
      };
    case 4:
    case 11:
      return { ...msg, lon: lon(msg.lon), lat: lat(msg.lat) };
    case 5:
      return {
        ...msg,
        callsign: quantiseText(msg.callsign, 7),
        shipname: quantiseText(msg.shipname, 20),
        draught: draughtRaw(msg.draught) / 10,
        destination: quantiseText(msg.destination, 20),
      };
    case 9:
      return {
        ...msg,
        alt: msg.alt === null ? null : altitudeRaw(msg.alt),
        speed: msg.speed === null ? null : sarSpeedRaw(msg.speed),
        lon: lon(msg.lon),
        lat: lat(msg.lat),
        course: course(msg.course),
      };
    case 18:
      return {
        ...msg,
        speed: speed(msg.speed),
        lon: lon(msg.lon),
        lat: lat(msg.lat),
        course: course(msg.course),
        heading: heading(msg.heading),
      };
    case 19:
      return {
        ...msg,
        speed: speed(msg.speed),
        lon: lon(msg.lon),
        lat: lat(msg.lat),
        course: course(msg.course),
        heading: heading(msg.heading),
        shipname: quantiseText(msg.shipname, 20),
      };
    case 21: {
      // The name field and its extension are one text to the receiver.
      const extension = Math.min(14, Math.max(0, msg.name.length - 20));
      const sent = sentText(msg.name, 20) + sentText(msg.name.slice(20), extension);
      return { ...msg, name: receivedText(sent), lon: lon(msg.lon), lat: lat(msg.lat) };
    }
    case 24:
      if (msg.partno === 0) return { ...msg, shipname: quantiseText(msg.shipname, 20) };
      return quantiseStaticB(msg);
    case 27:
      return {
        ...msg,
        lon: msg.lon === null ? null : lonRawLong(msg.lon) / 600,
        lat: msg.lat === null ? null : latRawLong(msg.lat) / 600,
        speed: msg.speed === null ? null : speedRawLong(msg.speed),
        course: msg.course === null ? null : courseRawLong(msg.course),
      };
  }
}

/** Type 24 part B: the 30 dimension bits hold the mother ship's MMSI exactly when the MMSI says auxiliary craft. */
function quantiseStaticB(msg: Extract<AisMessage, { partno: 1 }>): AisMessage {
  const { mothership_mmsi, to_bow, to_stern, to_port, to_starboard, ...rest } = msg;
  const bits =
    mothership_mmsi ??
    ((to_bow ?? 0) % 512) * 2 ** 21 +
      ((to_stern ?? 0) % 512) * 2 ** 12 +
      ((to_port ?? 0) % 64) * 64 +
      ((to_starboard ?? 0) % 64);
  const out = { ...rest, vendorid: quantiseText(msg.vendorid, 3), callsign: quantiseText(msg.callsign, 7) };
  if (isAuxiliaryCraft(msg.mmsi)) return { ...out, mothership_mmsi: bits % 2 ** 30 };
  return {
    ...out,
    to_bow: Math.floor(bits / 2 ** 21) % 512,
    to_stern: Math.floor(bits / 2 ** 12) % 512,
    to_port: Math.floor(bits / 64) % 64,
    to_starboard: bits % 64,
  };
}
