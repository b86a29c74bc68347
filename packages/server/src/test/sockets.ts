/**
 * Raw-socket helpers for the loopback tests: every socket is bounded in time and destroyed at the
 * end, whatever happens.
 */
import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

/** Open file descriptors of this process (Linux: /proc/self/fd). */
export function fdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** What a raw exchange got back. */
export interface RawAnswer {
  /** Everything the server sent. */
  text: string;
  /** Status code of the first answer, or 0 when none came. */
  status: number;
  /** Its headers (lower-case names). */
  headers: Record<string, string>;
  /** Its body parsed as JSON, when it is. */
  json: any;
  /** How the socket ended: closed by the server, reset, or cut by this helper's time limit. */
  end: 'closed' | 'error' | 'timeout';
  error?: string;
  /** Milliseconds from connecting to the end. */
  ms: number;
}

/** Parses the first HTTP answer of `text`. */
export function parseAnswer(text: string): Pick<RawAnswer, 'status' | 'headers' | 'json'> {
  const head = text.indexOf('\r\n\r\n');
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, head < 0 ? text.length : head).split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let json: unknown;
  try {
    json = head < 0 ? undefined : JSON.parse(text.slice(head + 4));
  } catch {
    json = undefined;
  }
  return { status: m ? Number(m[1]) : 0, headers, json };
}

/**
 * Opens a socket to `port`, writes `chunks` (a string, or strings with pauses: `{ wait: ms }`),
 * and collects what comes back until the server closes it or `limitMs` passes (then it is destroyed).
 */
export function rawExchange(port: number, chunks: string | Array<string | { wait: number }>, limitMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let text = '';
    let end: RawAnswer['end'] = 'closed';
    let error: string | undefined;
    const timers: NodeJS.Timeout[] = [];
    timers.push(
      setTimeout(() => {
        end = 'timeout';
        socket.destroy();
      }, limitMs),
    );
    socket.on('connect', () => {
      let at = 0;
      for (const c of typeof chunks === 'string' ? [chunks] : chunks) {
        if (typeof c === 'string') timers.push(setTimeout(() => socket.writable && socket.write(c), at));
        else at += c.wait;
      }
    });
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      end = 'error';
      error = e.code ?? e.message;
    });
    socket.on('close', () => {
      timers.forEach(clearTimeout);
      resolve({ text, ...parseAnswer(text), end, ...(error !== undefined ? { error } : {}), ms: performance.now() - t0 });
    });
  });
}

/**
 * Runs `count` raw exchanges from a worker thread (its own event loop: they connect and send while
 * this thread is blocked or busy). `connected` (a shared counter) counts the sockets connected.
 */
export function workerExchanges(port: number, requests: string[], limitMs = 8000): { connected: Int32Array; done: Promise<Array<Pick<RawAnswer, 'text' | 'end' | 'error'>>> } {
  const shared = new SharedArrayBuffer(4);
  const connected = new Int32Array(shared);
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const net = require('node:net');
    const counter = new Int32Array(workerData.shared);
    Promise.all(workerData.requests.map((text) => new Promise((resolve) => {
      const s = net.connect(workerData.port, '127.0.0.1');
      let data = '', end = 'closed', error;
      const timer = setTimeout(() => { end = 'timeout'; s.destroy(); }, workerData.limitMs);
      s.on('connect', () => { Atomics.add(counter, 0, 1); s.write(text); });
      s.on('data', (d) => (data += d.toString('latin1')));
      s.on('error', (e) => { end = 'error'; error = e.code; });
      s.on('close', () => { clearTimeout(timer); resolve({ text: data, end, error }); });
    }))).then((r) => parentPort.postMessage(r));
    `,
    { eval: true, workerData: { port, requests, limitMs, shared } },
  );
  const done = new Promise<Array<Pick<RawAnswer, 'text' | 'end' | 'error'>>>((resolve, reject) => {
    worker.once('message', (r) => {
      resolve(r);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
  return { connected, done };
}

/** Blocks this thread (no event loop) until `ready()` or `limitMs`. */
export function blockUntil(ready: () => boolean, limitMs: number): void {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + limitMs;
  while (!ready() && Date.now() < until) Atomics.wait(cell, 0, 0, 5);
}

/** An HTTP/1.1 request as raw text. */
export function httpRequest(method: string, path: string, body?: string, headers: Record<string, string> = {}): string {
  const h = { host: '127.0.0.1', ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers };
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body ?? ''}`;
}
