/**
 * Reachability of one URL, step by step, so that the failing step names its own fix: the name resolves
 * (DNS), the port accepts a connection (TCP), and for https the TLS handshake and certificate are good.
 */
import { lookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { CheckList, CheckResult } from './ping-check.ts';

const CONNECT_TIMEOUT_MS = 5_000;
const DAY = 86_400_000;

/** Checks DNS, TCP and (https) TLS for the URL in config key `key`; true when all passed. */
export async function checkReachable(
  list: CheckList,
  system: CheckResult['system'],
  key: string,
  url: string,
  now: number,
): Promise<boolean> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  let address = host;
  if (!isIP(host)) {
    const ok = await list.run(
      system,
      `dns ${host}`,
      async () => {
        const a = await lookup(host);
        address = a.address;
        return { detail: `${host} resolves to ${a.address}` };
      },
      (e) => ({
        detail: `cannot resolve ${host} (${code(e)})`,
        fix: `check the host name in ${key} and this machine's DNS settings`,
      }),
    );
    if (!ok) return false;
  }
  const tcp = await list.run(
    system,
    `tcp ${host}:${port}`,
    async () => {
      await tcpConnect(address, port);
      return { detail: `${host}:${port} accepts connections` };
    },
    (e) => ({
      detail: `cannot connect to ${host}:${port} (${code(e)})`,
      fix: `check the port in ${key}, that the service is running, and any firewall or proxy between this machine and ${host}`,
    }),
  );
  if (!tcp) return false;
  if (u.protocol !== 'https:') return true;
  return list.run(
    system,
    `tls ${host}:${port}`,
    async () => {
      const validTo = await tlsHandshake(address, host, port);
      if (!Number.isFinite(validTo)) return { detail: 'TLS ok' };
      const days = Math.floor((validTo - now) / DAY);
      if (days < 30) {
        return {
          status: 'warn',
          detail: `TLS ok, but the certificate of ${host} expires in ${days} day${days === 1 ? '' : 's'}`,
          fix: `ask the owner of ${host} to renew its certificate`,
        };
      }
      return { detail: `TLS ok; certificate valid for ${days} more days` };
    },
    (e) => ({
      detail: `TLS handshake with ${host}:${port} failed (${code(e)})`,
      fix:
        'a private certificate authority needs NODE_EXTRA_CA_CERTS=/path/to/ca.pem; an expired or mismatched ' +
        `certificate must be fixed on ${host}; check that ${key} uses the https port`,
    }),
  );
}

function code(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err.code ?? err.message ?? String(e);
}

function tcpConnect(address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const done = (err?: Error) => {
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () =>
      done(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
    );
    socket.once('error', done);
    socket.connect(port, address, () => done());
  });
}

/** Completes a verified TLS handshake; returns the certificate's expiry (epoch ms). */
function tlsHandshake(address: string, servername: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: address,
      port,
      servername: isIP(servername) ? undefined : servername,
      rejectUnauthorized: true,
      timeout: CONNECT_TIMEOUT_MS,
    });
    socket.once('secureConnect', () => {
      const validTo = Date.parse(socket.getPeerCertificate().valid_to);
      socket.end();
      resolve(Number.isNaN(validTo) ? Number.POSITIVE_INFINITY : validTo);
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    });
    socket.once('error', (e) => {
      socket.destroy();
      reject(e);
    });
  });
}
