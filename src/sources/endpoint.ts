/**
 * Feed addresses on the command line: `tcp://host:port` (a raw NMEA server to connect to)
 * and `udp://:port` or `udp://host:port` (a local address to listen on; no host = all
 * interfaces). IPv6 hosts go in brackets: `tcp://[::1]:10110`.
 */

export interface Endpoint {
  protocol: "tcp" | "udp";
  /** Host name or address; "" for a UDP listener on every interface. */
  host: string;
  port: number;
}

const ENDPOINT = /^(tcp|udp):\/\/(\[[0-9a-fA-F:.]+\]|[^:/[\]\s]*):(\d{1,5})\/?$/i;

/** True when the argument names a feed rather than a file. */
export function isEndpoint(arg: string): boolean {
  return /^(tcp|udp):\/\//i.test(arg);
}

/** Parses a feed address; throws a one-line error saying what is expected when it is not one. */
export function parseEndpoint(arg: string): Endpoint {
  const m = ENDPOINT.exec(arg.trim());
  const protocol = (m?.[1] ?? arg.slice(0, 3)).toLowerCase();
  const host = m ? m[2].replace(/^\[(.*)\]$/, "$1") : "";
  const port = m ? Number(m[3]) : Number.NaN;
  const listen = protocol === "udp";
  // Port 0 asks the system for a free port: fine to listen on, meaningless to connect to.
  const portOk = Number.isInteger(port) && port >= (listen ? 0 : 1) && port <= 65535;
  if (!m || !portOk || (!listen && host === "")) {
    const expected = listen ? "udp://:port or udp://host:port" : "tcp://host:port";
    throw new Error(`darkfleet: bad feed address '${arg}': expected ${expected}`);
  }
  return { protocol: listen ? "udp" : "tcp", host, port };
}

/** The canonical text of an endpoint (as used for names in logs). */
export function formatEndpoint(e: Endpoint): string {
  const host = e.host.includes(":") ? `[${e.host}]` : e.host;
  return `${e.protocol}://${host}:${e.port}`;
}
