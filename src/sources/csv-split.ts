/**
 * Splits one CSV record (RFC 4180: comma separated, fields optionally in double quotes,
 * `""` for a quote inside quotes) into fields.
 *
 * Hand-written rather than papaparse: most AIS export lines have no quotes at all, and for
 * those String.prototype.split is several times faster than any general parser; the state
 * machine below only runs on lines that contain a quote. (ecosystem.md measured papaparse
 * at ≈ 340k rows/s here; the whole reader does better than that, see the reader's header.)
 * A record ends at the end of its line: a quoted field cannot hold a newline.
 */

const QUOTE = 34;
const COMMA = 44;

/** The fields of a line, or null when a quoted field is not closed or a quote sits inside an unquoted field. */
export function splitCsvLine(line: string): string[] | null {
  if (line.indexOf('"') < 0) return line.split(",");
  const fields: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === QUOTE) {
      // Quoted field: runs to a quote that is not doubled, then must meet a comma or the end.
      let value = "";
      let from = i + 1;
      for (;;) {
        const q = line.indexOf('"', from);
        if (q < 0) return null;
        value += line.slice(from, q);
        if (line.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return fields;
      if (line.charCodeAt(i) !== COMMA) return null;
      i++;
    } else {
      const comma = line.indexOf(",", i);
      const end = comma < 0 ? n : comma;
      const value = line.slice(i, end);
      if (value.indexOf('"') >= 0) return null;
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}
