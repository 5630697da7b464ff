/**
 * A loopback pass-through in front of a sandbox that remembers every access token the token endpoints hand
 * out (JSON `access_token` or XML `<accessToken>`), so a test can search its outputs for them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenTap {
  /** Base URL to configure instead of the target's. */
  url: string;
  /** Every access token seen in a response so far. */
  tokens(): string[];
  close(): Promise<void>;
}

const TOKEN_PATTERNS = [/"access_token"\s*:\s*"([^"]+)"/g, /<accessToken>([^<]+)<\/accessToken>/g];

/** Starts a pass-through to `target` (e.g. `http://127.0.0.1:1234`) on an ephemeral loopback port. */
export async function startTokenTap(target: string): Promise<TokenTap> {
  const seen = new Set<string>();
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: to.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          for (const pattern of TOKEN_PATTERNS)
            for (const m of text.matchAll(pattern)) if (m[1]) seen.add(m[1]);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokens: () => [...seen],
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
