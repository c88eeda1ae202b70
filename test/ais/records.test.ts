import { describe, expect, it } from "vitest";
import { toPosition, toStatic } from "../../src/ais/records.js";
import type {
  PositionReportA,
  PositionReportB,
  StaticDataReportB,
  StaticVoyageData,
} from "../../src/model/ais.js";

const head = { class: "AIS" as const, repeat: 0, rxtime: 1577836800000, station: null };
const report: PositionReportA = {
  ...head,
  type: 1,
  mmsi: 477553000,
  status: 5,
  turn: null,
  speed: 0.1,
  accuracy: false,
  lon: 124.5,
  lat: 38.7,
  course: null,
  heading: 181,
  second: 15,
  maneuver: 0,
  raim: false,
  radio: 0,
};

describe("AIS messages to records", () => {
  it("maps a Class A report to a Position, keeping nulls", () => {
    expect(toPosition(report)).toEqual({
      mmsi: 477553000,
      t: 1577836800000,
      lat: 38.7,
      lon: 124.5,
      sog: 0.1,
      cog: null,
      heading: 181,
      navStatus: 5,
      cls: "A",
      msgType: 1,
    });
  });

  it("yields no position without a fix or a receive time, nor for non-vessels", () => {
    expect(toPosition({ ...report, lat: null })).toBeNull();
    expect(toPosition({ ...report, rxtime: null })).toBeNull();
    const { status, turn, maneuver, ...rest } = report;
    const base = { ...rest, type: 4 as const, year: 2020, month: 1, day: 1, hour: 0, minute: 0, epfd: 1 };
    expect(toPosition(base)).toBeNull();
    expect([status, turn, maneuver]).toEqual([5, null, 0]);
  });

  it("marks Class B reports as class B without a navigational status", () => {
    const b: PositionReportB = {
      ...head,
      type: 18,
      mmsi: 412000001,
      reserved: 0,
      speed: 5,
      accuracy: true,
      lon: 122,
      lat: 30,
      course: 90,
      heading: null,
      second: 1,
      regional: 0,
      cs: true,
      display: false,
      dsc: false,
      band: false,
      msg22: false,
      assigned: false,
      raim: false,
      radio: 0,
    };
    expect(toPosition(b)).toMatchObject({ cls: "B", navStatus: null, heading: null, msgType: 18 });
  });

  it("turns the standard's zero and empty 'not available' values into null", () => {
    const v: StaticVoyageData = {
      ...head,
      type: 5,
      mmsi: 445123000,
      ais_version: 0,
      imo: 0,
      callsign: "HMYU",
      shipname: "",
      shiptype: 80,
      to_bow: 100,
      to_stern: 20,
      to_port: 0,
      to_starboard: 10,
      epfd: 1,
      month: 0,
      day: 0,
      hour: 24,
      minute: 60,
      draught: 0,
      destination: "NAMPO",
      dte: 0,
    };
    expect(toStatic(v)).toMatchObject({
      imo: null,
      callsign: "HMYU",
      name: null,
      shipType: 80,
      toPort: null,
      draught: null,
      destination: "NAMPO",
      cls: "A",
    });
    const partB: StaticDataReportB = {
      ...head,
      type: 24,
      mmsi: 412000001,
      partno: 1,
      shiptype: 30,
      vendorid: "ABC",
      model: 1,
      serial: 2,
      callsign: "BXYZ",
      to_bow: 10,
      to_stern: 5,
      to_port: 2,
      to_starboard: 2,
    };
    expect(toStatic(partB)).toMatchObject({
      name: null,
      callsign: "BXYZ",
      shipType: 30,
      toBow: 10,
      cls: "B",
    });
  });
});
