/**
 * A CSV row held as one string plus the start and end of each field, read in place: a
 * number is parsed straight from the characters and text is sliced only when asked for.
 * Rows without quotes (nearly all) are indexed by scanning for commas; a row with quotes
 * goes through splitCsvLine and its unquoted values are laid end to end, so both kinds
 * are read the same way afterwards.
 *
 * Why: splitting every row into strings and calling Number() on each dominated the CSV
 * reader's profile (splitCsvLine alone was 27% of the time on MarineCadastre rows).
 */
import { splitCsvLine } from "./csv-split.js";

const MAX_FIELDS = 256;

export class CsvFields {
  text = "";
  count = 0;
  private readonly start = new Int32Array(MAX_FIELDS);
  private readonly end = new Int32Array(MAX_FIELDS);

  /** Indexes a line; false when its quoting is broken or it has too many fields. */
  load(line: string): boolean {
    if (line.indexOf('"') >= 0) return this.loadQuoted(line);
    this.text = line;
    let n = 0;
    let from = 0;
    for (;;) {
      if (n === MAX_FIELDS) return false;
      const comma = line.indexOf(",", from);
      this.start[n] = from;
      if (comma < 0) {
        this.end[n++] = line.length;
        break;
      }
      this.end[n++] = comma;
      from = comma + 1;
    }
    this.count = n;
    return true;
  }

  private loadQuoted(line: string): boolean {
    const values = splitCsvLine(line);
    if (values === null || values.length > MAX_FIELDS) return false;
    let at = 0;
    for (let i = 0; i < values.length; i++) {
      this.start[i] = at;
      at += values[i].length;
      this.end[i] = at;
    }
    this.text = values.join("");
    this.count = values.length;
    return true;
  }

  /** The field's text, trimmed. */
  str(i: number): string {
    return this.text.slice(this.start[i], this.end[i]).trim();
  }

  /** True when the field is empty. */
  empty(i: number): boolean {
    return this.start[i] === this.end[i];
  }

  /** True when the field is exactly `value`. */
  is(i: number, value: string): boolean {
    return this.end[i] - this.start[i] === value.length && this.text.startsWith(value, this.start[i]);
  }

  /**
   * The field as a number: null when empty, NaN when not a number. Plain decimals are read
   * digit by digit and divided once by a power of ten, which gives the same double as
   * Number() (both operands are exact, and IEEE division rounds correctly); anything else
   * (exponents, spaces, words) goes to Number().
   */
  num(i: number): number | null {
    const s = this.text;
    const first = this.start[i];
    const e = this.end[i];
    if (first === e) return null;
    let p = first;
    const sign = s.charCodeAt(p);
    const neg = sign === 45;
    if (neg || sign === 43) p++;
    let v = 0;
    let digits = 0;
    let scale = 1;
    let point = false;
    for (; p < e; p++) {
      const d = s.charCodeAt(p) - 48;
      if (d >= 0 && d <= 9) {
        v = v * 10 + d;
        digits++;
        if (point) scale *= 10;
      } else if (d === -2 && !point) {
        point = true; // '.'
      } else {
        break;
      }
    }
    if (p !== e || digits === 0 || digits > 15) {
      const text = s.slice(first, e).trim();
      return text === "" ? null : Number(text);
    }
    const r = scale === 1 ? v : v / scale;
    return neg ? -r : r;
  }
}
