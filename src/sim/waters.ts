/**
 * Scenario data for the region's real waters that a coastline file does not know, and the
 * places where normal traffic lies close together: river courses (mouth first, traced by
 * hand from charts to a few hundred metres; Natural Earth's land polygons have no rivers,
 * so their upper reaches are land to the land mask), anchorages outside every profile port,
 * ferry routes, marinas, and the receiver regions a provider can lose at once.
 */
import type { LatLon } from "./route.js";
import type { Box } from "./scenario.js";

export interface River {
  name: string;
  /** Flag of its traffic (MID). */
  mid: number;
  /** The course, from a sea point off the mouth to the upstream berths. */
  course: LatLon[];
}

const ll = (pts: [number, number][]): LatLon[] => pts.map(([lat, lon]) => ({ lat, lon }));

export const RIVERS: River[] = [
  {
    name: "Yalu to Dandong",
    mid: 413,
    course: ll([
      [39.7, 124.1],
      [39.78, 124.14],
      [39.84, 124.2],
      [39.9, 124.26],
      [39.96, 124.3],
      [40.02, 124.33],
      [40.07, 124.36],
      [40.11, 124.39],
    ]),
  },
  {
    name: "Taedong to Pyongyang",
    mid: 445,
    course: ll([
      [38.68, 125.15],
      [38.69, 125.24],
      [38.7, 125.3],
      [38.72, 125.38],
      [38.73, 125.46],
      [38.74, 125.55],
      [38.76, 125.62],
      [38.83, 125.66],
      [38.9, 125.68],
      [38.96, 125.72],
      [39.01, 125.75],
    ]),
  },
  {
    name: "Yangtze to Jiangyin",
    mid: 413,
    course: ll([
      [31.2, 122.05],
      [31.3, 121.75],
      [31.42, 121.55],
      [31.5, 121.38],
      [31.62, 121.2],
      [31.75, 121.02],
      [31.88, 120.88],
      [31.98, 120.72],
      [31.99, 120.5],
      [31.94, 120.28],
    ]),
  },
  {
    name: "Huangpu to the Bund",
    mid: 413,
    course: ll([
      [31.2, 122.05],
      [31.3, 121.75],
      [31.4, 121.5],
      [31.36, 121.52],
      [31.31, 121.55],
      [31.27, 121.53],
      [31.25, 121.5],
      [31.23, 121.49],
      [31.2, 121.48],
    ]),
  },
];

export interface Anchorage {
  name: string;
  at: LatLon;
  /** The port its ships wait for (a profile port name). */
  port: string;
}

/**
 * Outer anchorages, each more than 15 km from every profile port. The Yangtze estuary's is
 * far out, as the real ones are (ships anchor 25-30 nm east of the estuary, near 122.5-123 E:
 * China P&I LP 05/2025): 23 nm from Natural Earth's shore and 81 km from Shanghai's WPI point.
 */
export const ANCHORAGES: Anchorage[] = [
  { name: "Yangtze estuary anchorage", at: { lat: 31.15, lon: 122.35 }, port: "Shanghai (Yangshan)" },
  { name: "Qingdao outer anchorage", at: { lat: 35.95, lon: 120.5 }, port: "Qingdao" },
  { name: "Lianyungang outer anchorage", at: { lat: 34.78, lon: 119.8 }, port: "Lianyungang" },
  { name: "Dalian outer anchorage", at: { lat: 38.8, lon: 121.9 }, port: "Dalian" },
];

export interface FerryRoute {
  name: string;
  from: LatLon;
  to: LatLon;
}

/** Short ferry crossings between terminals that are not profile ports. */
export const FERRY_ROUTES: FerryRoute[] = [
  { name: "Penglai - Changdao", from: { lat: 37.82, lon: 120.75 }, to: { lat: 37.92, lon: 120.73 } },
  { name: "Daebudo - Deokjeokdo", from: { lat: 37.25, lon: 126.58 }, to: { lat: 37.23, lon: 126.15 } },
];

export interface Marina {
  name: string;
  at: LatLon;
}

export const MARINAS: Marina[] = [
  { name: "Wangsan marina", at: { lat: 37.455, lon: 126.36 } },
  { name: "Jeongok marina", at: { lat: 37.18, lon: 126.65 } },
];

/** Regions one provider's receivers cover: a dropout silences all of one. */
export const RECEIVER_REGIONS: { name: string; box: Box }[] = [
  { name: "Bohai", box: { west: 117.5, south: 37.0, east: 122.5, north: 41.0 } },
  { name: "Korea west coast", box: { west: 125.5, south: 34.0, east: 127.0, north: 38.0 } },
  { name: "Shanghai approaches", box: { west: 120.5, south: 29.5, east: 123.5, north: 32.5 } },
];
