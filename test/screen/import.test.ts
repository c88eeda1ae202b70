/**
 * The list importers on fixtures written in each published format (test/fixtures/lists):
 * entries with identifiers, aliases and former names, bad rows counted by reason with the
 * first place met, non-vessels skipped; then `lists import` and `screen` as a user runs
 * them, a re-import replacing its list.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readListFiles } from "../../src/screen/import.js";
import { readPlainCsv } from "../../src/screen/import-plain-csv.js";

const FIX = join(import.meta.dirname, "../fixtures/lists");
const CLI = join(process.cwd(), "dist/cli/main.js");
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
type Read = Awaited<ReturnType<typeof readListFiles>>[number];
const bad = (f: Read) =>
  Object.fromEntries([...f.read.bad.counts].map(([r, c]) => [r, [c.count, c.first.replace(`${FIX}/`, "")]]));
const summary = (f: Read) =>
  f.read.entries.map((e) => [
    e.id,
    e.name,
    e.aliases,
    e.formerNames,
    e.imo,
    e.mmsis,
    e.flag,
    e.programme,
    e.listed,
  ]);

describe("OFAC SDN CSV (sdn.csv + alt.csv + add.csv)", () => {
  let f: Read;
  beforeAll(async () => {
    [f] = await readListFiles(["sdn.csv", "alt.csv", "add.csv"].map((n) => join(FIX, "ofac", n)));
  });
  it("reads vessels with IMO and MMSI from Remarks, programs, flags, aliases and former names", () => {
    expect(f.format).toBe("ofac-csv");
    expect(f.with).toHaveLength(2);
    expect(summary(f)).toEqual([
      ["SDN-17069", "CHONG CHON GANG", [], ["CHONG CHON"], 7937317, [], "KP", "DPRK", null],
      ["SDN-23736", "YU JONG 2", ["YUJONG NO.2"], [], 8604917, [445112000], "KP", "DPRK4", null],
      ["SDN-23764", "HUA FU", [], [], 9020003, [], "PA", "DPRK3, DPRK4", null],
      ["SDN-29999", "BROKEN IMO", [], [], null, [], null, "DPRK4", null],
    ]);
    expect(f.read.entries.every((e) => e.list === "OFAC SDN")).toBe(true);
    expect(f.read.entries[0].note).toContain("address Korea, North");
  });
  it("counts bad rows by reason and skips other entities", () => {
    expect(bad(f)).toEqual({
      "wrong number of fields": [1, "ofac/sdn.csv:8"],
      "bad IMO in Remarks (entry kept without it)": [1, "ofac/sdn.csv:5"],
      "ent_num not a number": [1, "ofac/sdn.csv:7"],
      "alias for an ent_num not in sdn.csv": [1, "ofac/alt.csv:4"],
    });
    expect(f.read.skipped).toBe(4); // the airline and its address, the individual and his alias
  });
  it("refuses alt.csv without its sdn.csv", async () => {
    await expect(readListFiles([join(FIX, "ofac", "alt.csv")])).rejects.toThrow(/need their sdn\.csv/);
  });
});

describe("OFAC SDN XML", () => {
  let f: Read;
  beforeAll(async () => {
    [f] = await readListFiles([join(FIX, "sdn.xml")]);
  });
  it("reads vessel entries with ids, akas and f.k.a. former names", () => {
    expect(f.format).toBe("ofac-xml");
    expect(summary(f)).toEqual([
      ["SDN-17069", "CHONG CHON GANG", [], ["CHONG CHON"], 7937317, [], "KP", "DPRK", null],
      ["SDN-23764", "HUA FU", ["HWA BU", "HUAFU NO.1"], [], 9020003, [353152000], "PA", "DPRK3, DPRK4", null],
      ["SDN-23770", "HAO FAN 2", [], [], null, [], null, "DPRK4", null],
    ]);
    expect(f.read.entries[0].source).toContain("published 11/28/2026");
    expect(bad(f)).toEqual({ "bad IMO (entry kept without it)": [1, "sdn.xml: sdnEntry 3 (uid 23770)"] });
    expect(f.read.skipped).toBe(1);
  });
  it("names the line of malformed XML", async () => {
    const dir = mkdtempSync(join(tmpdir(), "darkfleet-xml-"));
    const p = join(dir, "sdn.xml");
    writeFileSync(p, "<sdnList>\n<sdnEntry><uid>1</uid>\n</sdnList>\n");
    await expect(readListFiles([p])).rejects.toThrow(/sdn\.xml:\d+: not well-formed XML/);
    rmSync(dir, { recursive: true });
  });
});

describe("FollowTheMoney JSON lines", () => {
  let f: Read;
  beforeAll(async () => {
    [f] = await readListFiles([join(FIX, "vessels.ftm.jsonl")]);
  });
  it("reads Vessel entities, their Sanctions' programmes and earliest date", () => {
    expect(f.format).toBe("ftm");
    expect(summary(f)).toEqual([
      [
        "NK-yujong2",
        "YU JONG 2",
        ["YUJONG NO.2"],
        ["YU JONG"],
        8604917,
        [445112000],
        "KP",
        "DPRK4, UNSCR 1718",
        "2018-02-23",
      ],
      ["NK-newname", "SEA BREEZE 7", [], ["KUM UN SAN 3"], 8705539, [], "PA", "", null],
      ["NK-badimo", "PAEK MA", [], [], null, [], null, "", null],
    ]);
    expect(f.read.entries[0].note).toBe("topics sanction; past flags SL");
    expect(bad(f)).toEqual({
      "not JSON": [1, "vessels.ftm.jsonl:8"],
      "vessel without a name or IMO": [1, "vessels.ftm.jsonl:6"],
      "bad imoNumber (entry kept without it)": [1, "vessels.ftm.jsonl:7"],
    });
    expect(f.read.skipped).toBe(3);
  });
});

describe("plain CSV", () => {
  it("reads name, imo, mmsi, aliases, list, date; counts bad rows", async () => {
    const [f] = await readListFiles([join(FIX, "plain.csv")]);
    expect(summary(f)).toEqual([
      ["IMO9000007", "NEW TANKER 1", ["NEW TANKER ONE", "NT 1"], [], 9000007, [], null, "", "2026-11-01"],
      ["OLD HULL", "OLD HULL", [], [], null, [445999001, 445999002], null, "", "2026-11-02"],
      ["BAD IMO SHIP", "BAD IMO SHIP", [], [], null, [], null, "", "2026-11-03"],
    ]);
    expect(bad(f)).toEqual({
      "no name, IMO or MMSI": [1, "plain.csv:4"],
      "bad IMO (not 7 digits; entry kept without it)": [1, "plain.csv:5"],
      "unclosed quote": [1, "plain.csv:6"],
    });
  });

  it("never throws, and every data row is an entry or counted (property)", () => {
    const cell = fc.stringMatching(/^[A-Z0-9 ;]{0,12}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { maxLength: 20 }), (rows) => {
        const text = `name,imo,mmsi\n${rows.map((r) => r.join(",")).join("\n")}\n`;
        const r = readPlainCsv(text, "p.csv");
        const blank = rows.filter((r) => r.join(",").trim() === ",," || r.join("") === "").length;
        const dropped = r.bad.counts.get("no name, IMO or MMSI")?.count ?? 0;
        expect(r.entries.length + dropped).toBe(r.rows);
        expect(r.rows).toBeLessThanOrEqual(rows.length);
        expect(r.rows).toBeGreaterThanOrEqual(rows.length - blank);
      }),
    );
  });
});

describe("lists import and screen (CLI)", () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "darkfleet-lists-"));
    db = join(dir, "l.duckdb");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports, screens against the imported list, and a re-import replaces that list", () => {
    const r = run(
      "lists",
      "import",
      join(FIX, "vessels.ftm.jsonl"),
      "--list",
      "OpenSanctions",
      "--db",
      db,
      "--json",
    );
    expect(r.status).toBe(0);
    const [report] = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      format: "ftm",
      lists: ["OpenSanctions"],
      rows: 8,
      entries: 3,
      skipped: 3,
    });
    // A former name on the imported list: the vessel renamed SEA BREEZE 7.
    const s = JSON.parse(run("screen", "--name", "Geum Eun San No.3", "--db", db, "--json").stdout);
    expect(
      s.hits.map((h: { list: string; id: string; kind: string }) => [h.list, h.id, h.kind]),
    ).toContainEqual(["OpenSanctions", "NK-newname", "former name"]);
    writeFileSync(
      join(dir, "one.jsonl"),
      '{"id":"X1","schema":"Vessel","properties":{"name":["ONLY ONE"]}}\n',
    );
    expect(run("lists", "import", join(dir, "one.jsonl"), "--list", "OpenSanctions", "--db", db).status).toBe(
      0,
    );
    const shown = JSON.parse(run("lists", "show", "--db", db, "--json").stdout);
    expect(shown).toEqual([
      { list: "OpenSanctions", entries: 1, from: "store" },
      { list: "UN 1718", entries: 67, from: "profile" },
      { list: "OFAC SDN", entries: 106, from: "profile" },
    ]);
  });

  it("an imported OFAC SDN supersedes the profile snapshot's", () => {
    const files = ["sdn.csv", "alt.csv", "add.csv"].map((n) => join(FIX, "ofac", n));
    const r = run("lists", "import", ...files, "--db", db);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("bad: 1 wrong number of fields (first at");
    const shown = JSON.parse(run("lists", "show", "--db", db, "--json").stdout);
    expect(shown).toContainEqual({ list: "OFAC SDN", entries: 4, from: "store" });
  });

  it("screens a file, CSV out, bad rows counted on stderr", () => {
    const p = join(dir, "batch.csv");
    writeFileSync(p, "name,imo,mmsi\nM/V CHEONG CHEON GANG,,\n,8604917,\nEVER GIVEN,9811000,\n,123,\n");
    const r = run("screen", "--file", p, "--csv", "--db", db);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("line,name,imo,mmsi,verdict,hits,list,id,listed_name,on,score,matched");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 9))).toEqual([
      ["2", "M/V CHEONG CHEON GANG", "", "", "possible", "2", "OFAC SDN", "SDN-17069", "CHONG CHON GANG"],
      ["3", "", "8604917", "", "listed", "2", "OFAC SDN", "SDN-23736", "YU JONG 2"],
      ["4", "EVER GIVEN", "9811000", "", "none", "0", "", "", ""],
    ]);
    expect(r.stderr).toContain("1 rows skipped: bad IMO (not 7 digits)");
  });

  it("refuses unknown formats and bad arguments with one line and a non-zero exit", () => {
    const p = join(dir, "x.txt");
    writeFileSync(p, "hello\n");
    const r = run("lists", "import", p, "--db", db);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("x.txt:1: unknown list format");
    const s = run("screen", "--imo", "12", "--db", db);
    expect(s.status).not.toBe(0);
    expect(s.stderr.trim()).toBe("darkfleet: bad --imo '12': expected 7 digits");
  });
});
