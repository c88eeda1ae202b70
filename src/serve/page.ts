/**
 * The web page: the files `npm run build` writes to dist/web/static (src/web/build.ts),
 * read once at start and served from memory under a fixed list of names, with a content
 * security policy that lets the page reach this server and nothing else.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";

export const STATIC_DIR = fileURLToPath(new URL("../web/static/", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
};

// MapLibre runs its worker from a blob: URL and draws to a canvas; nothing else is allowed out.
const CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "worker-src blob:",
  "child-src blob:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
].join("; ");

export function pageRoutes(app: FastifyInstance, dir = STATIC_DIR): void {
  const files = new Map<string, { type: string; body: Buffer }>();
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      const type = TYPES[extname(name)];
      if (type) files.set(`/${name}`, { type, body: readFileSync(join(dir, name)) });
    }
  }
  const index = files.get("/index.html");
  if (index) files.set("/", index);
  for (const [path, f] of files) {
    app.get(path, { schema: { hide: true } }, (_req, reply) =>
      reply
        .type(f.type)
        .header("content-security-policy", CSP)
        .header("cache-control", "no-cache")
        .send(f.body),
    );
  }
  if (!index) {
    app.get("/", { schema: { hide: true } }, (_req, reply) =>
      reply.code(404).send({ error: `the page is not built (${dir} missing): run npm run build` }),
    );
  }
}
