/**
 * Field-by-field comparison bookkeeping for the differential tests: what was compared,
 * what differed, and a readable report of both.
 */

export interface Mismatch {
  /** Position of the message in decode order. */
  index: number;
  type: unknown;
  mmsi: unknown;
  field: string;
  reference: unknown;
  darkfleet: unknown;
}

/** Equal, or for two numbers within `tolerance` (a reference's printed precision). */
export function sameValue(reference: unknown, darkfleet: unknown, tolerance = 0): boolean {
  if (typeof reference === "number" && typeof darkfleet === "number") {
    return Math.abs(reference - darkfleet) <= tolerance + 1e-9;
  }
  return reference === darkfleet;
}

export class Tally {
  messages = 0;
  fields = 0;
  readonly mismatches: Mismatch[] = [];
  /** Fields compared, by message type and name, to show what the comparison covered. */
  readonly covered = new Map<string, number>();
  /** Fields only one side emits, by message type ("type:field"), for the report. */
  readonly referenceOnly = new Set<string>();
  readonly darkfleetOnly = new Set<string>();

  constructor(readonly reference: string) {}

  /** Compares one field; `alike` lists other darkfleet values the reference cannot tell apart from `reference`. */
  compare(
    index: number,
    dark: Record<string, unknown>,
    field: string,
    reference: unknown,
    tolerance = 0,
    alike: readonly unknown[] = [],
  ): void {
    this.fields++;
    const key = `${dark.type}:${field}`;
    this.covered.set(key, (this.covered.get(key) ?? 0) + 1);
    const darkfleet = dark[field];
    if (!sameValue(reference, darkfleet, tolerance) && !alike.includes(darkfleet)) {
      this.mismatches.push({ index, type: dark.type, mmsi: dark.mmsi, field, reference, darkfleet });
    }
  }

  summary(): string {
    const lines = [
      `${this.reference} differential: ${this.messages} messages compared, ${this.fields} fields compared, ${this.mismatches.length} mismatches`,
    ];
    if (this.referenceOnly.size > 0)
      lines.push(`  only ${this.reference} emits: ${[...this.referenceOnly].sort().join(" ")}`);
    if (this.darkfleetOnly.size > 0)
      lines.push(`  only darkfleet emits: ${[...this.darkfleetOnly].sort().join(" ")}`);
    for (const m of this.mismatches.slice(0, 30)) {
      lines.push(
        `  #${m.index} type ${m.type} mmsi ${m.mmsi} ${m.field}: ${this.reference} ${JSON.stringify(m.reference)}, darkfleet ${JSON.stringify(m.darkfleet)}`,
      );
    }
    if (this.mismatches.length > 30) lines.push(`  ... and ${this.mismatches.length - 30} more`);
    return lines.join("\n");
  }
}
