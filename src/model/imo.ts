/** IMO ship identification numbers: 7 digits, the last a check digit (SOLAS XI-1/3). */

/** True when `imo` is a 7-digit number whose last digit is (d1·7 + d2·6 + … + d6·2) mod 10. */
export function imoValid(imo: number): boolean {
  if (!Number.isInteger(imo) || imo < 1_000_000 || imo > 9_999_999) return false;
  let rest = Math.floor(imo / 10);
  let sum = 0;
  for (let weight = 2; weight <= 7; weight++) {
    sum += (rest % 10) * weight;
    rest = Math.floor(rest / 10);
  }
  return sum % 10 === imo % 10;
}

/**
 * True when `imo` looks like a ship's IMO number, so that failing its check digit means
 * something: 7 digits from 5000000 up (Lloyd's Register numbered the ships of its 1963-64
 * register from 5000000; every ship number since is higher), and not one digit repeated.
 * Anything else is no claim to an IMO number: a placeholder (0, 1, 111, 9999999), a
 * national registry number typed into the field (US Coast Guard official numbers are 6-7
 * digits, today 1xxxxxx) or digits run together (939738900).
 */
export function imoLike(imo: number): boolean {
  return Number.isInteger(imo) && imo >= 5_000_000 && imo <= 9_999_999 && imo % 1_111_111 !== 0;
}
