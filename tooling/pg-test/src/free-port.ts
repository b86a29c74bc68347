/** A free pair of loopback ports (PORT and PORT+1) for a primary and its replica. */
import * as net from 'node:net';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A port `p` such that `p` and `p + 1` are both free on 127.0.0.1 now (another process may still
 * take them before the servers do: the caller retries on a failed start).
 */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await ephemeralPort();
    if (port > 0 && port < 65535 && (await canListen(port + 1))) return port;
  }
  throw new Error('no free pair of loopback ports found in 50 tries');
}
