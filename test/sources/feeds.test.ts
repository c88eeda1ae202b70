import { createSocket } from "node:dgram";
import { once } from "node:events";
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { formatEndpoint, parseEndpoint } from "../../src/sources/endpoint.js";
import { TcpFeed } from "../../src/sources/tcp.js";
import { UdpFeed } from "../../src/sources/udp.js";

describe("feed addresses", () => {
  it("parses tcp and udp addresses, IPv6 included", () => {
    expect(parseEndpoint("tcp://153.44.253.27:5631")).toEqual({
      protocol: "tcp",
      host: "153.44.253.27",
      port: 5631,
    });
    expect(parseEndpoint("tcp://ais.example.org:10110/")).toEqual({
      protocol: "tcp",
      host: "ais.example.org",
      port: 10110,
    });
    expect(parseEndpoint("udp://:10110")).toEqual({ protocol: "udp", host: "", port: 10110 });
    expect(parseEndpoint("UDP://[::1]:0")).toEqual({ protocol: "udp", host: "::1", port: 0 });
    expect(formatEndpoint(parseEndpoint("tcp://[::1]:5"))).toBe("tcp://[::1]:5");
  });

  it("refuses what is not an address, saying what is expected", () => {
    for (const bad of [
      "tcp://host",
      "tcp://:10110",
      "tcp://h:0",
      "tcp://h:70000",
      "udp://h:x",
      "tcp://a b:1",
    ]) {
      expect(() => parseEndpoint(bad)).toThrow(/^darkfleet: bad feed address '.*': expected (tcp|udp):\/\//);
    }
  });
});

/** A line server on a fixed or ephemeral port that remembers its client sockets so it can drop them. */
async function lineServer(
  port = 0,
): Promise<{ server: Server; port: number; clients: Socket[]; connected: Promise<Socket> }> {
  const clients: Socket[] = [];
  let onClient: (s: Socket) => void = () => {};
  const connected = new Promise<Socket>((resolve) => {
    onClient = resolve;
  });
  const server = createServer((s) => {
    clients.push(s);
    onClient(s);
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as AddressInfo).port, clients, connected };
}

async function shutdown(srv: { server: Server; clients: Socket[] }): Promise<void> {
  for (const c of srv.clients) c.destroy();
  await new Promise((resolve) => srv.server.close(resolve));
}

describe("TCP feed", () => {
  it("gets everything sent before a drop and after the server comes back", async () => {
    const first = await lineServer();
    const controller = new AbortController();
    const disconnects: string[] = [];
    const feed = new TcpFeed({
      host: "127.0.0.1",
      port: first.port,
      signal: controller.signal,
      backoff: { initialMs: 10, maxMs: 40 },
      onDisconnect: ({ reason }) => disconnects.push(reason),
    });
    let received = "";
    let second: Awaited<ReturnType<typeof lineServer>> | null = null;
    const consume = (async () => {
      for await (const chunk of feed) {
        received += chunk.toString();
        if (received.includes("!AIVDM,4")) controller.abort();
      }
    })();

    const s1 = await first.connected;
    s1.write("!AIVDM,1\n!AIVDM,2\n!AIVDM,part");
    await new Promise((r) => setTimeout(r, 50));
    // Drop the connection and the server: the client meets refused connections until it returns.
    await shutdown(first);
    while (disconnects.length < 3) await new Promise((r) => setTimeout(r, 10));
    second = await lineServer(first.port);
    const s2 = await second.connected;
    s2.write("!AIVDM,3\n!AIVDM,4\n");
    await consume;
    await shutdown(second);

    expect(received).toBe("!AIVDM,1\n!AIVDM,2\n!AIVDM,part\n!AIVDM,3\n!AIVDM,4\n");
    expect(feed.connections).toBe(2);
    expect(feed.reconnects).toBe(disconnects.length);
    expect(disconnects[0]).toBe("connection closed");
    expect(disconnects[1]).toMatch(/ECONNREFUSED/);
  });

  it("treats a silent connection as dropped and connects again", async () => {
    const srv = await lineServer();
    const controller = new AbortController();
    const reasons: string[] = [];
    const feed = new TcpFeed({
      host: "127.0.0.1",
      port: srv.port,
      signal: controller.signal,
      idleTimeoutMs: 30,
      backoff: { initialMs: 5 },
      onDisconnect: ({ reason }) => {
        reasons.push(reason);
        if (reasons.length === 2) controller.abort();
      },
    });
    for await (const _ of feed) {
      // the server never writes
    }
    await shutdown(srv);
    expect(reasons).toEqual(["no data for 30 ms", "no data for 30 ms"]);
    expect(srv.clients.length).toBe(2);
  });

  it("stops while waiting to reconnect when aborted", async () => {
    const srv = await lineServer();
    const port = srv.port;
    await shutdown(srv);
    const controller = new AbortController();
    const feed = new TcpFeed({
      host: "127.0.0.1",
      port,
      signal: controller.signal,
      backoff: { initialMs: 60_000 },
      onDisconnect: () => controller.abort(),
    });
    const chunks: Buffer[] = [];
    for await (const c of feed) chunks.push(c);
    expect(chunks).toEqual([]);
    expect(feed.reconnects).toBe(1);
    expect(feed.connections).toBe(0);
  });
});

describe("UDP feed", () => {
  it("yields datagrams as lines, adding the newline a sender left off", async () => {
    const controller = new AbortController();
    const feed = new UdpFeed({ host: "127.0.0.1", port: 0, signal: controller.signal });
    const { port } = await feed.listen();
    const sender = createSocket("udp4");
    const sent = ["!AIVDM,1,1,,A,one,0*00", "!AIVDM,1,1,,B,two,0*00\n", "!AIVDM,1,1,,A,three,0*00\r\n"];
    let received = "";
    const consume = (async () => {
      for await (const chunk of feed) {
        received += chunk.toString();
        if (received.includes("three")) controller.abort();
      }
    })();
    for (const d of sent) {
      sender.send(d, port, "127.0.0.1");
      await new Promise((r) => setTimeout(r, 5));
    }
    await consume;
    sender.close();
    expect(received).toBe("!AIVDM,1,1,,A,one,0*00\n!AIVDM,1,1,,B,two,0*00\n!AIVDM,1,1,,A,three,0*00\r\n");
    expect(feed.datagrams).toBe(3);
    expect(feed.dropped).toBe(0);
  });

  it("reports a port already in use as a one-line error", async () => {
    const a = new UdpFeed({ host: "127.0.0.1", port: 0 });
    const { port } = await a.listen();
    const b = new UdpFeed({ host: "127.0.0.1", port });
    await expect(b.listen()).rejects.toThrow(`darkfleet: cannot read 'udp://127.0.0.1:${port}'`);
    a.close();
  });
});
