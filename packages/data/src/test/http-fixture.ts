import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of {@link serveFiles}. */
export interface ServeFilesOptions {
  /** Send Content-Length. Default `true`. */
  contentLength?: boolean;
  /** Close the connection after this many body bytes (simulates a broken download). Default: never. */
  truncateAfter?: number;
}

/** A local HTTP server started by {@link serveFiles}. */
export interface FileServer {
  /** Base URL ending in `/`, e.g. `http://127.0.0.1:40123/`. */
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Serves `files` (path without leading slash -> contents) on 127.0.0.1 at a free port; other
 * paths get 404. For download tests: never the internet.
 */
export async function serveFiles(files: Record<string, string | Uint8Array>, options: ServeFilesOptions = {}): Promise<FileServer> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const p = decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/+/, ''));
    requests.push(p);
    const body = files[p];
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream' };
    if (options.contentLength ?? true) headers['content-length'] = buf.length;
    res.writeHead(200, headers);
    if (options.truncateAfter !== undefined && options.truncateAfter < buf.length) {
      res.write(buf.subarray(0, options.truncateAfter), () => res.destroy());
      return;
    }
    res.end(buf);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
