/**
 * The darkfleet page: an event list with filters beside a map. Selecting an event (in the
 * list or on the map) selects it in both, and draws the tracks of its vessels around it;
 * the map shows all traffic thinned to the zoom; a live feed's events and positions arrive
 * over Server-Sent Events. State the end-to-end tests read is mirrored on <body> data-*.
 */
import maplibregl, { type GeoJSONSource, type LngLatBoundsLike } from "maplibre-gl";
import { api, type ListedEvent, type Summary, type TrackFeature } from "./api.js";
import { KIND_COLOURS, SPEED_STOPS, VESSEL_CASINGS } from "./colours.js";
import { esc } from "./html.js";
import { mapStyle } from "./map-style.js";
import { TRAFFIC_WINDOW_MS, timeBar } from "./timebar.js";
import { trackSegments } from "./tracks.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

const state = {
  events: [] as ListedEvent[],
  /** Events matching the filters, of which the list holds the first (the API's limit). */
  total: 0,
  selected: null as string | null,
  summary: null as Summary | null,
  /** The time slider's moment (traffic in the window up to it), null for all. */
  time: null as number | null,
};

const map = new maplibregl.Map({
  container: "map",
  style: mapStyle(),
  center: [125, 36],
  zoom: 4,
  attributionControl: false,
});
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-left");
// For the console and the end-to-end tests (which project an event to a pixel to click it).
(window as unknown as { darkfleet: object }).darkfleet = { map };

function source(id: string): GeoJSONSource {
  return map.getSource(id) as GeoJSONSource;
}

// ---- filters ----------------------------------------------------------------

function kindBoxes(): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>("#kinds input")];
}

function buildFilters(): void {
  $("kinds").innerHTML = Object.entries(KIND_COLOURS)
    .map(
      ([k, c]) =>
        `<label><input type="checkbox" value="${k}" ${k === "zone" || k === "port_call" ? "" : "checked"}>` +
        `<span class="swatch" style="background:${c}"></span>${k}</label>`,
    )
    .join("");
  for (const el of [...kindBoxes(), $("from"), $("to"), $("mmsi"), $("in-view")])
    el.addEventListener("change", () => void loadEvents());
}

/** datetime-local holds UTC here (the page speaks UTC throughout). */
const utcInput = (id: string) => {
  const v = $<HTMLInputElement>(id).value;
  return v ? `${v}Z` : undefined;
};

function filterParams(): Record<string, string | number | undefined> {
  const kinds = kindBoxes()
    .filter((b) => b.checked)
    .map((b) => b.value);
  const b = map.getBounds();
  const clamp = (v: number, m: number) => Math.max(-m, Math.min(m, v)).toFixed(4);
  return {
    kinds: kinds.length > 0 ? kinds.join(",") : undefined,
    from: utcInput("from"),
    to: utcInput("to"),
    mmsi: $<HTMLInputElement>("mmsi").value.trim() || undefined,
    bbox: $<HTMLInputElement>("in-view").checked
      ? [
          clamp(b.getWest(), 180),
          clamp(b.getSouth(), 90),
          clamp(b.getEast(), 180),
          clamp(b.getNorth(), 90),
        ].join(",")
      : undefined,
    limit: 5000,
  };
}

// ---- events: list and markers ------------------------------------------------

async function loadEvents(): Promise<void> {
  const p = filterParams();
  if (p.kinds === undefined) {
    state.events = [];
    state.total = 0;
  } else {
    try {
      const page = await api.events(p);
      state.events = page.events;
      state.total = page.total;
    } catch (err) {
      $("event-count").textContent = String((err as Error).message);
      return;
    }
  }
  render();
}

function describe(e: ListedEvent): string {
  const names = e.vessels.map((v) => v.name ?? String(v.mmsi)).join(" + ");
  const a = e.attributes;
  const extra =
    e.kind === "port_call" ? String(a.port ?? "") : e.kind === "zone" ? String(a.zone ?? "") : e.status;
  return `<span class="kind" style="color:${KIND_COLOURS[e.kind] ?? "#fff"}">${esc(e.kind)}</span> ${esc(names)}
    <div class="when">${iso(e.start)} – ${iso(e.end)} UTC · ${esc(extra)}</div>`;
}

function render(): void {
  const list = $("events");
  list.innerHTML = "";
  for (const e of state.events) {
    const li = document.createElement("li");
    li.dataset.id = e.id;
    li.dataset.kind = e.kind;
    li.innerHTML = describe(e);
    if (e.id === state.selected) li.classList.add("selected");
    li.addEventListener("click", () => void select(e.id));
    list.append(li);
  }
  $("event-count").textContent =
    state.total > state.events.length
      ? `the first ${state.events.length} of ${state.total} events: narrow the filters`
      : `${state.events.length} events`;
  document.body.dataset.events = String(state.events.length);
  renderMarkers();
}

function renderMarkers(): void {
  source("events")?.setData({
    type: "FeatureCollection",
    features: state.events.map((e) => ({
      type: "Feature",
      properties: { id: e.id, kind: e.kind, selected: e.id === state.selected },
      geometry: { type: "Point", coordinates: [e.lon, e.lat] },
    })),
  });
}

// ---- selection: both ways between list and map --------------------------------

async function select(id: string): Promise<void> {
  const e = state.events.find((x) => x.id === id);
  if (!e) return;
  state.selected = id;
  for (const li of document.querySelectorAll<HTMLLIElement>("#events li"))
    li.classList.toggle("selected", li.dataset.id === id);
  document.querySelector<HTMLLIElement>(`#events li[data-id="${id}"]`)?.scrollIntoView({ block: "nearest" });
  renderMarkers();
  showDetail(e);
  const margin = Math.max(3 * HOUR, (e.end - e.start) / 2);
  await showTracks(
    e.vessels.map((v) => v.mmsi),
    e.start - margin,
    e.end + margin,
  );
}

/** Tracks around an event are short: drawn at street detail; a whole track at a bit more than the view's. */
async function showTracks(mmsis: number[], from?: number, to?: number): Promise<void> {
  delete document.body.dataset.tracks;
  const zoom = from === undefined ? Math.min(22, Math.max(6, Math.round(map.getZoom())) + 2) : 12;
  const tracks: TrackFeature[] = await Promise.all(mmsis.map((m) => api.track(m, { from, to, zoom })));
  const features = tracks.flatMap((t, i) => trackSegments(t, VESSEL_CASINGS[i % VESSEL_CASINGS.length]));
  source("tracks").setData({ type: "FeatureCollection", features });
  const coords = tracks.flatMap((t) => t.geometry.coordinates);
  if (coords.length > 0) {
    const lons = coords.map((c) => c[0]);
    const lats = coords.map((c) => c[1]);
    const bounds: LngLatBoundsLike = [
      [Math.min(...lons), Math.min(...lats)],
      [Math.max(...lons), Math.max(...lats)],
    ];
    // The detail panel takes the right of the map.
    map.fitBounds(bounds, {
      padding: { top: 60, bottom: 60, left: 60, right: 400 },
      maxZoom: 11,
      duration: 0,
    });
  }
  document.body.dataset.tracks = tracks
    .filter((t) => t.geometry.coordinates.length > 1)
    .map((t) => t.properties.mmsi)
    .join(",");
}

function showDetail(e: ListedEvent): void {
  const a = e.attributes;
  const before = (a.draughtBefore as (number | null)[] | undefined) ?? [];
  const after = (a.draughtAfter as (number | null)[] | undefined) ?? [];
  const flags = (a.flags as string[] | undefined) ?? [];
  const m = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${v} m`);
  const vessels = e.vessels
    .map(
      (v, i) =>
        `<tr><td><span class="swatch" style="background:${VESSEL_CASINGS[i % 2]}"></span>` +
        `<a href="#" class="vessel" data-mmsi="${v.mmsi}">${esc(v.name ?? v.mmsi)}</a></td>` +
        `<td>${v.mmsi}</td><td>${esc(flags[i])}</td>` +
        (e.kind === "encounter" ? `<td>${m(before[i])} → ${m(after[i])}</td>` : "") +
        "</tr>",
    )
    .join("");
  const attrs = Object.entries(a)
    .filter(([k]) => !["draughtBefore", "draughtAfter", "flags"].includes(k))
    .map(
      ([k, v]) =>
        `<tr><th>${esc(k)}</th><td colspan="3">${esc(Array.isArray(v) ? v.join(", ") : v)}</td></tr>`,
    )
    .join("");
  openDetail(
    `<h2 style="color:${KIND_COLOURS[e.kind]}">${esc(e.kind)}</h2>` +
      `<div>${iso(e.start)} – ${iso(e.end)} UTC</div>` +
      `<table><tr><th>vessel</th><th>MMSI</th><th>flag</th>${e.kind === "encounter" ? "<th>draught before → after</th>" : ""}</tr>${vessels}</table>` +
      `<table>${attrs}</table>`,
  );
}

/** The panel over the map: its close button, and vessel links that open the vessel. */
function openDetail(html: string): void {
  const d = $("detail");
  d.innerHTML = `<span class="close" title="close">✕</span>${html}`;
  d.hidden = false;
  d.querySelector(".close")?.addEventListener("click", () => {
    d.hidden = true;
  });
  for (const a of d.querySelectorAll<HTMLAnchorElement>("a.vessel"))
    a.addEventListener("click", (ev) => {
      ev.preventDefault();
      void showVessel(Number(a.dataset.mmsi));
    });
}

/** A vessel: its identities over time and its whole track; the list narrowed to its events. */
async function showVessel(mmsi: number): Promise<void> {
  $<HTMLInputElement>("mmsi").value = String(mmsi);
  void loadEvents();
  const v = await api.vessel(mmsi);
  const l = v.latest;
  const row = (k: string, value: unknown) =>
    value === null || value === undefined ? "" : `<tr><th>${k}</th><td>${esc(value)}</td></tr>`;
  const identities = v.identities
    .map(
      (i) =>
        `<tr><td>${esc(i.name)}</td><td>${esc(i.imo)}</td><td>${esc(i.callsign)}</td>` +
        `<td>${iso(i.firstSeen)} – ${iso(i.lastSeen)}</td></tr>`,
    )
    .join("");
  openDetail(
    `<h2>${esc(l?.name ?? mmsi)}</h2>` +
      `<table>${row("MMSI", mmsi)}${row("IMO", l?.imo)}${row("callsign", l?.callsign)}${row("ship type", l?.shipType)}` +
      `${row("draught", l?.draught === null || l?.draught === undefined ? null : `${l.draught} m`)}${row("destination", l?.destination)}` +
      `${row("positions", v.positions)}${row("seen", v.firstSeen === null || v.lastSeen === null ? null : `${iso(v.firstSeen)} – ${iso(v.lastSeen)} UTC`)}</table>` +
      `<h2>identities shown</h2><table data-testid="identities"><tr><th>name</th><th>IMO</th><th>callsign</th><th>when (UTC)</th></tr>${identities}</table>`,
  );
  await showTracks([mmsi]);
}

// ---- traffic thinned to the view, and vessel search ----------------------------

let positionsRequest = 0;
async function loadPositions(): Promise<void> {
  const n = ++positionsRequest;
  const b = map.getBounds();
  const clamp = (v: number, m: number) => Math.max(-m, Math.min(m, v)).toFixed(4);
  const bbox = [
    clamp(b.getWest(), 180),
    clamp(b.getSouth(), 90),
    clamp(b.getEast(), 180),
    clamp(b.getNorth(), 90),
  ];
  const t = state.time;
  const fc = await api.positions({
    bbox: bbox.join(","),
    zoom: map.getZoom().toFixed(2),
    limit: 20000,
    from: t === null ? undefined : Math.round(t - TRAFFIC_WINDOW_MS),
    to: t === null ? undefined : Math.round(t),
  });
  if (n !== positionsRequest) return;
  source("positions").setData(fc);
  const counted = fc.features.reduce((a, f) => a + Number(f.properties?.n ?? 0), 0);
  $("traffic").textContent =
    `traffic: ${fc.features.length.toLocaleString("en")} dots for ${counted.toLocaleString("en")} positions` +
    (fc.truncated ? " (a sample: zoom in for all)" : "");
}

function buildSearch(): void {
  const input = $<HTMLInputElement>("search");
  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = window.setTimeout(async () => {
      const q = input.value.trim();
      const ul = $("search-results");
      ul.innerHTML = "";
      if (q.length < 2) return;
      for (const v of (await api.vessels(q)).vessels) {
        const li = document.createElement("li");
        li.textContent = `${v.name ?? "(no name)"} · ${v.mmsi}${v.imo ? ` · IMO ${v.imo}` : ""}`;
        li.addEventListener("click", () => void showVessel(v.mmsi));
        ul.append(li);
      }
    }, 200);
  });
}

function buildLegend(): void {
  const kinds = Object.entries(KIND_COLOURS)
    .map(([k, c]) => `<span class="swatch" style="background:${c}"></span>${k}`)
    .join(" ");
  $("legend").innerHTML =
    `<div>speed (kn)</div><div class="bar"></div><div class="scale">${SPEED_STOPS.map(([s]) => `<span>${s}</span>`).join("")}</div>` +
    `<div><span class="dash"></span>silent ≥ 1 h</div><div>${kinds}</div><div id="traffic"></div>`;
}

// ---- live ---------------------------------------------------------------------

function connectLive(): void {
  const es = new EventSource("/api/live");
  const livePositions = new Map<number, GeoJSON.Feature>();
  es.addEventListener("positions", (m) => {
    for (const p of JSON.parse((m as MessageEvent).data) as {
      mmsi: number;
      lon: number;
      lat: number;
      sog: number | null;
    }[])
      livePositions.set(p.mmsi, {
        type: "Feature",
        properties: { mmsi: p.mmsi, sog: p.sog },
        geometry: { type: "Point", coordinates: [p.lon, p.lat] },
      });
    source("live")?.setData({ type: "FeatureCollection", features: [...livePositions.values()] });
    document.body.dataset.livePositions = String(livePositions.size);
  });
  es.addEventListener("event", (m) => {
    const e = JSON.parse((m as MessageEvent).data) as ListedEvent & { evidence?: unknown };
    delete e.evidence;
    const kinds = filterParams().kinds?.toString().split(",") ?? [];
    const i = state.events.findIndex((x) => x.id === e.id);
    if (e.status === "retracted" || !kinds.includes(e.kind)) {
      if (i >= 0) state.events.splice(i, 1);
    } else if (i >= 0) state.events[i] = e;
    else state.events.push(e);
    state.events.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
    render();
    document.querySelector(`#events li[data-id="${e.id}"]`)?.classList.add("fresh");
    document.body.dataset.liveEvents = String(Number(document.body.dataset.liveEvents ?? 0) + 1);
  });
  es.addEventListener("hello", () => {
    document.body.dataset.live = "connected";
  });
}

// ---- start ----------------------------------------------------------------------

async function start(): Promise<void> {
  buildFilters();
  buildSearch();
  buildLegend();
  const s = await api.summary();
  state.summary = s;
  const total = Object.values(s.events).reduce((a, b) => a + b, 0);
  $("summary").textContent =
    `${s.positions.toLocaleString("en")} positions · ${s.vessels} vessels · ${total} events` +
    (s.firstTime !== null && s.lastTime !== null ? ` · ${iso(s.firstTime)} – ${iso(s.lastTime)} UTC` : "");
  $("live").hidden = !s.live;
  // A store still empty (a live feed just started) has no time span to slide over.
  $("timebar").hidden = s.firstTime === null || s.lastTime === null;
  if (s.firstTime !== null && s.lastTime !== null)
    timeBar(s.firstTime, s.lastTime, (t) => {
      state.time = t;
      return loadPositions();
    });
  map.on("click", "events", (ev) => {
    const id = ev.features?.[0]?.properties?.id as string | undefined;
    if (id) void select(id);
  });
  map.on("mouseenter", "events", () => {
    map.getCanvas().style.cursor = "pointer";
  });
  map.on("mouseleave", "events", () => {
    map.getCanvas().style.cursor = "";
  });
  map.on("moveend", () => {
    void loadPositions();
    if ($<HTMLInputElement>("in-view").checked) void loadEvents();
  });
  await new Promise<void>((resolve) => (map.loaded() ? resolve() : map.once("load", () => resolve())));
  await Promise.all([loadEvents(), loadPositions()]);
  connectLive();
  document.body.dataset.ready = "true";
}

start().catch((err: unknown) => {
  $("summary").textContent = `error: ${(err as Error).message}`;
});
