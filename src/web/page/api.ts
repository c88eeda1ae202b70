/** The page's calls to the server it came from (relative URLs: nothing else is reachable). */

export interface EventVessel {
  mmsi: number;
  imo?: number;
  name?: string;
}

export interface ListedEvent {
  id: string;
  kind: string;
  status: string;
  start: number;
  end: number;
  vessels: EventVessel[];
  lat: number;
  lon: number;
  attributes: Record<string, unknown>;
}

export interface Summary {
  positions: number;
  vessels: number;
  firstTime: number | null;
  lastTime: number | null;
  events: Record<string, number>;
  live: boolean;
}

export interface TrackFeature {
  type: "Feature";
  properties: { mmsi: number; positions: number; times: number[]; sogs: (number | null)[]; breaks: number[] };
  geometry: { type: "LineString"; coordinates: [number, number][] };
}

export interface VesselDetail {
  mmsi: number;
  latest: {
    name: string | null;
    imo: number | null;
    callsign: string | null;
    shipType: number | null;
    draught: number | null;
    destination: string | null;
  } | null;
  identities: {
    name: string | null;
    imo: number | null;
    callsign: string | null;
    firstSeen: number;
    lastSeen: number;
  }[];
  positions: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

export interface VesselHit {
  mmsi: number;
  name: string | null;
  imo: number | null;
}

async function get<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const url = q.size > 0 ? `${path}?${q}` : path;
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error((body as { error?: string }).error ?? `${res.status} ${url}`);
  return body as T;
}

export const api = {
  summary: () => get<Summary>("/api/summary"),
  events: (p: Record<string, string | number | undefined>) =>
    get<{ total: number; events: ListedEvent[] }>("/api/events", p),
  track: (mmsi: number, p: Record<string, string | number | undefined>) =>
    get<TrackFeature>(`/api/vessels/${mmsi}/track`, p),
  positions: (p: Record<string, string | number | undefined>) =>
    get<GeoJSON.FeatureCollection & { truncated: boolean }>("/api/positions", p),
  vessel: (mmsi: number) => get<VesselDetail>(`/api/vessels/${mmsi}`),
  vessels: (q: string) => get<{ vessels: VesselHit[] }>("/api/vessels", { q, limit: 20 }),
};
