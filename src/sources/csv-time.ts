/**
 * Time stamps of the CSV exports to epoch ms UTC, parsed by hand: the reader meets one per
 * row, and Date.parse is slower and accepts more than it should. The date part's value is
 * cached, since consecutive rows almost always share the day.
 */

/** Two decimal digits at i, or -1. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Milliseconds of hh:mm:ss[.fff] at i (to the end of s, optionally ending in Z), or -1. */
function timeOfDay(s: string, i: number): number {
  const h = two(s, i);
  const m = two(s, i + 3);
  const sec = two(s, i + 6);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return -1;
  if (s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) return -1;
  let ms = ((h * 60 + m) * 60 + sec) * 1000;
  let j = i + 8;
  if (s.charCodeAt(j) === 46) {
    // fraction of a second: keep milliseconds, ignore finer digits
    let scale = 100;
    for (j++; j < s.length; j++) {
      const d = s.charCodeAt(j) - 48;
      if (d < 0 || d > 9) break;
      ms += d * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  if (s.charCodeAt(j) === 90) j++; // 'Z'
  return j === s.length ? ms : -1;
}

/** A calendar day to epoch ms, or -1 when it does not exist. */
function dayStart(y: number, mo: number, d: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return -1;
  const t = Date.UTC(y, mo - 1, d);
  return new Date(t).getUTCDate() === d ? t : -1;
}

/** Parses one family of stamps; keeps the last day seen. */
class DayCachedParser {
  private lastDay = "";
  private lastDayMs = -1;

  constructor(
    private readonly dayLength: number,
    private readonly separators: string,
    private readonly parseDay: (s: string) => number,
  ) {}

  parse(s: string): number | null {
    if (s.length < this.dayLength + 9 || !this.separators.includes(s[this.dayLength])) return null;
    const day = s.slice(0, this.dayLength);
    if (day !== this.lastDay) {
      this.lastDay = day;
      this.lastDayMs = this.parseDay(day);
    }
    if (this.lastDayMs < 0) return null;
    const ms = timeOfDay(s, this.dayLength + 1);
    return ms < 0 ? null : this.lastDayMs + ms;
  }
}

function isoDay(s: string): number {
  const y = two(s, 0) * 100 + two(s, 2);
  if (two(s, 0) < 0 || two(s, 2) < 0 || s[4] !== "-" || s[7] !== "-") return -1;
  return dayStart(y, two(s, 5), two(s, 8));
}

function dmyDay(s: string): number {
  const y = two(s, 6) * 100 + two(s, 8);
  if (two(s, 6) < 0 || two(s, 8) < 0 || s[2] !== "/" || s[5] !== "/") return -1;
  return dayStart(y, two(s, 3), two(s, 0));
}

/** New parser for `2023-01-01T00:00:03` (or with a space, a fraction, a Z), UTC. */
export function isoTimeParser(): (s: string) => number | null {
  const p = new DayCachedParser(10, "T ", isoDay);
  return (s) => p.parse(s);
}

/** New parser for the Danish `01/01/2023 00:00:03` (day first), UTC. */
export function dmyTimeParser(): (s: string) => number | null {
  const p = new DayCachedParser(10, " ", dmyDay);
  return (s) => p.parse(s);
}
