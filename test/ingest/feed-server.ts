/**
 * A local TCP server standing in for a public AIS feed: tests write NMEA to the
 * connections an ingest makes to it, drop them, and see it reconnect.
 */
import { createServer, type Socket } from "node:net";

export interface FeedServer {
  port: number;
  /** Every connection accepted so far, in order. */
  connections: Socket[];
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const connections: Socket[] = [];
  const server = createServer((s) => connections.push(s));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    connections,
    close: async () => {
      for (const s of connections) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
