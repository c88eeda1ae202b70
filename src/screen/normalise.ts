/**
 * Vessel names reduced to what identifies them, so that spellings of one name compare
 * equal: case, accents and punctuation dropped; "M/V", "MT", "M.T." and like prefixes
 * dropped; "NO." / "NO" / "NR" before a number dropped; numerals written as words or
 * Roman numerals turned into digits. The letters then go through a romanisation fold
 * (key()) that makes McCune-Reischauer and Revised Romanisation spellings of a Korean
 * name agree (Kum/Geum, Chon/Cheon/Jon, Ryong/Lyong/Yong, P'yong/Pyong, Paek/Baek) with
 * syllables run together or spaced.
 */

export interface NormalName {
  /** The name's words and numbers after normalisation, space-separated ("KUM UN SAN 3"). */
  text: string;
  /** The romanisation-folded letters, no spaces ("KUMUNSAN"). */
  key: string;
  /** The name's numbers, space-separated, leading zeros dropped ("3"), "" when none. */
  numbers: string;
}

/** Ship-type prefixes written before a name: motor vessel, motor tanker, steam ship, ... */
const PREFIXES = new Set(["MV", "MT", "MS", "SS", "MY", "FV", "TS", "MSV", "MTS"]);
/** Marks that stand for "number" before digits. */
const NUMBER_MARKS = new Set(["NO", "NR", "NUMBER", "NUM"]);

const WORD_NUMBERS: Record<string, number> = {
  ZERO: 0,
  ONE: 1,
  TWO: 2,
  THREE: 3,
  FOUR: 4,
  FIVE: 5,
  SIX: 6,
  SEVEN: 7,
  EIGHT: 8,
  NINE: 9,
  TEN: 10,
  ELEVEN: 11,
  TWELVE: 12,
  THIRTEEN: 13,
  FOURTEEN: 14,
  FIFTEEN: 15,
  SIXTEEN: 16,
  SEVENTEEN: 17,
  EIGHTEEN: 18,
  NINETEEN: 19,
  TWENTY: 20,
  THIRTY: 30,
  FORTY: 40,
  FIFTY: 50,
  SIXTY: 60,
  SEVENTY: 70,
  EIGHTY: 80,
  NINETY: 90,
  HUNDRED: 100,
};

const ROMAN = /^(X{0,3})(IX|IV|VI{0,3}|I{1,3})?$/;
const ROMAN_VALUE: Record<string, number> = { I: 1, V: 5, X: 10 };

function romanValue(token: string): number | null {
  if (token === "" || !ROMAN.test(token)) return null;
  let total = 0;
  for (let i = 0; i < token.length; i++) {
    const v = ROMAN_VALUE[token[i]];
    const next = ROMAN_VALUE[token[i + 1]] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

/** Words of a name: letters and digits split apart ("JH86" -> "JH", "86"), apostrophes joined. */
function words(raw: string): string[] {
  return raw
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/['’‘`]/g, "")
    .replace(/(?<=[A-Z])(?=\d)|(?<=\d)(?=[A-Z])/g, " ")
    .split(/[^A-Z0-9]+/)
    .filter((w) => w !== "");
}

/** Word tokens with prefixes, number marks and numeral words resolved. */
function tokens(raw: string): string[] {
  let w = words(raw);
  // "M/V", "M.T." split into two one-letter words; "MV", "MT" are one.
  if (w.length > 1 && w[0] === "M" && ["V", "T", "S", "Y"].includes(w[1])) w = w.slice(2);
  else if (w.length > 1 && PREFIXES.has(w[0])) w = w.slice(1);
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) {
    const t = w[i];
    const next = w[i + 1];
    if (NUMBER_MARKS.has(t) && i > 0 && next !== undefined && (/^\d/.test(next) || next in WORD_NUMBERS))
      continue;
    if (t in WORD_NUMBERS) {
      // "TWENTY ONE" -> 21
      let n = WORD_NUMBERS[t];
      if (n >= 20 && n < 100 && next !== undefined && WORD_NUMBERS[next] < 10) {
        n += WORD_NUMBERS[next];
        i++;
      }
      out.push(String(n));
      continue;
    }
    // A Roman numeral only as the last word after a name ("GRACE II"), never a name itself.
    const roman = i > 0 && i === w.length - 1 ? romanValue(t) : null;
    if (roman !== null) {
      out.push(String(roman));
      continue;
    }
    out.push(/^\d+$/.test(t) ? String(Number(t)) : t);
  }
  return out;
}

/**
 * Romanisation fold of one word: vowel spellings first (EU->U, EO->O, OO->U), then
 * consonant pairs that the systems write differently (aspirates PH/TH/KH, SH->S, CH/J
 * one letter, G->K, B->P, D->T, L->R), an initial R, L or N before Y dropped (the South's
 * initial-sound rule: Ryong/Yong).
 */
export function foldWord(word: string): string {
  let w = word.replace(/^[RLN]Y/, "Y");
  w = w.replace(/EU/g, "U").replace(/EO/g, "O").replace(/OO/g, "U");
  w = w.replace(/PH/g, "P").replace(/TH/g, "T").replace(/KH/g, "K").replace(/SH/g, "S");
  return w.replace(/CH/g, "J").replace(/G/g, "K").replace(/B/g, "P").replace(/D/g, "T").replace(/L/g, "R");
}

export function normaliseName(raw: string): NormalName {
  const t = tokens(raw);
  const letters = t.filter((x) => !/^\d/.test(x));
  const numbers = t.filter((x) => /^\d/.test(x));
  // Doubled letters made single after joining, so "KUM MUN" and "KUMUN" agree.
  const key = letters
    .map(foldWord)
    .join("")
    .replace(/(.)\1+/g, "$1");
  return { text: t.join(" "), key, numbers: numbers.join(" ") };
}
