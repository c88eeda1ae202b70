/**
 * The map's style: an offline basemap (land and borders from world-atlas, built into
 * land.json and borders.json, served by darkfleet itself) and the data layers. No glyphs,
 * sprites or tiles: nothing for the browser to fetch from anywhere else.
 */
import type { ExpressionSpecification, StyleSpecification } from "maplibre-gl";
import { AREA_COLOURS, KIND_COLOURS, SPEED_STOPS } from "./colours.js";

const here = (path: string) => new URL(path, location.href).href;
const empty = (): GeoJSON.FeatureCollection => ({ type: "FeatureCollection", features: [] });

const speedColour: ExpressionSpecification = [
  "interpolate",
  ["linear"],
  ["coalesce", ["get", "sog"], 0],
  ...SPEED_STOPS.flat(),
] as unknown as ExpressionSpecification;

const kindColour: ExpressionSpecification = [
  "match",
  ["get", "kind"],
  ...Object.entries(KIND_COLOURS).flat(),
  "#ffffff",
] as unknown as ExpressionSpecification;

const areaColour: ExpressionSpecification = [
  "match",
  ["get", "kind"],
  ...Object.entries(AREA_COLOURS).flat(),
  "#8899aa",
] as unknown as ExpressionSpecification;

export function mapStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      // 1:50m data has nothing finer than zoom 7 shows: tiling it deeper only costs time.
      land: { type: "geojson", data: here("/land.json"), maxzoom: 7 },
      borders: { type: "geojson", data: here("/borders.json"), maxzoom: 7 },
      areas: { type: "geojson", data: here("/api/areas") },
      positions: { type: "geojson", data: empty() },
      live: { type: "geojson", data: empty() },
      tracks: { type: "geojson", data: empty() },
      events: { type: "geojson", data: empty() },
    },
    layers: [
      { id: "water", type: "background", paint: { "background-color": "#0e2235" } },
      { id: "land", type: "fill", source: "land", paint: { "fill-color": "#25323d" } },
      { id: "coast", type: "line", source: "land", paint: { "line-color": "#3d5366", "line-width": 0.6 } },
      {
        id: "borders",
        type: "line",
        source: "borders",
        paint: { "line-color": "#56687a", "line-width": 0.5 },
      },
      // The profile's areas under the traffic: a faint fill, a dashed edge by kind.
      {
        id: "areas-fill",
        type: "fill",
        source: "areas",
        paint: { "fill-color": areaColour, "fill-opacity": 0.05 },
      },
      {
        id: "areas-line",
        type: "line",
        source: "areas",
        paint: { "line-color": areaColour, "line-width": 1, "line-dasharray": [3, 2], "line-opacity": 0.7 },
      },
      {
        id: "positions",
        type: "circle",
        source: "positions",
        paint: {
          "circle-radius": ["interpolate", ["linear"], ["zoom"], 2, 1.2, 6, 2, 10, 3],
          "circle-color": speedColour,
          "circle-opacity": 0.7,
        },
      },
      {
        id: "track-casing",
        type: "line",
        source: "tracks",
        filter: ["==", ["get", "gap"], false],
        layout: { "line-cap": "round", "line-join": "round" },
        paint: { "line-color": ["get", "casing"], "line-width": 5.5 },
      },
      {
        id: "track",
        type: "line",
        source: "tracks",
        filter: ["==", ["get", "gap"], false],
        layout: { "line-cap": "round", "line-join": "round" },
        paint: { "line-color": speedColour, "line-width": 3 },
      },
      {
        id: "track-gap",
        type: "line",
        source: "tracks",
        filter: ["==", ["get", "gap"], true],
        paint: { "line-color": ["get", "casing"], "line-width": 2, "line-dasharray": [2, 2] },
      },
      {
        id: "live",
        type: "circle",
        source: "live",
        paint: {
          "circle-radius": 3,
          "circle-color": speedColour,
          "circle-stroke-color": "#ffffff",
          "circle-stroke-width": 0.8,
        },
      },
      {
        id: "events",
        type: "circle",
        source: "events",
        paint: {
          "circle-radius": ["case", ["boolean", ["get", "selected"], false], 9, 5.5],
          "circle-color": kindColour,
          "circle-stroke-color": "#0b1620",
          "circle-stroke-width": 1.2,
        },
      },
    ],
  };
}
