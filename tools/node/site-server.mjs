// A plain static file server for site/ on 127.0.0.1 (npm run site -- --serve, the browser-edition test and
// bench): what any static host does, no more. It gzips text when the browser accepts it, as hosts such as
// GitHub Pages do, so a measured first visit transfers what it would there. Like them it sends a validator
// (Last-Modified and an ETag from the file's size and time) with `no-cache`, and answers a request that
// names the current one with 304 Not Modified: a second visit revalidates instead of downloading the
// app (27 MB on disk, several MB gzipped) again.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { createGzip } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".ipynb": "application/json; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".webmanifest": "application/manifest+json",
};
const COMPRESSIBLE = /^(text\/|application\/(json|manifest)|image\/svg)/;

/** Whether a conditional request names the file as it is (If-None-Match first, as HTTP says). */
function notModified(headers, etag, mtime) {
  const match = headers["if-none-match"];
  if (match !== undefined) {
    const opaque = (tag) => tag.trim().replace(/^W\//, "");
    return match.trim() === "*" || match.split(",").some((tag) => opaque(tag) === opaque(etag));
  }
  const since = Date.parse(String(headers["if-modified-since"] ?? ""));
  // HTTP dates have whole seconds.
  return Number.isFinite(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since;
}

/** Serves `folder` on 127.0.0.1:`port` (0: any free port); resolves to the listening server. */
export function serveSite(folder, port = 0) {
  const root = path.resolve(folder);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
    const stat = statSync(file);
    const validators = {
      "cache-control": "no-cache",
      "last-modified": stat.mtime.toUTCString(),
      // Weak: the gzipped and the plain body are the same file.
      etag: `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`,
    };
    const compressible = COMPRESSIBLE.test(type);
    if (compressible) validators.vary = "accept-encoding";
    if (notModified(request.headers, validators.etag, stat.mtime)) {
      response.writeHead(304, validators).end();
      return;
    }
    const gzip = compressible && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
    response.writeHead(200, { "content-type": type, ...validators, ...(gzip ? { "content-encoding": "gzip" } : {}) });
    if (request.method === "HEAD") {
      response.end();
      return;
    }
    const stream = createReadStream(file);
    (gzip ? stream.pipe(createGzip()) : stream).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
