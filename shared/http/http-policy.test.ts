import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../memory/index.ts';
import { NetworkError, ThrottledError } from './http-errors.ts';
import { HttpPolicy, type HttpPolicyOptions } from './http-policy.ts';

/** Every test starts its clock here; sleeps return at once and move time forward. */
const T0 = 1_800_000_000_000;

type Step = { status: number; headers?: Record<string, string>; body?: string } | 'drop';

/** A loopback server answering each request with the next scripted step (the last one repeats). */
async function scriptedServer(steps: Step[]) {
  let n = 0;
  const seen: { method: string; url: string }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '' });
    const step = steps[Math.min(n++, steps.length - 1)]!;
    req.resume();
    req.on('end', () => {
      if (step === 'drop') {
        req.socket.destroy();
        return;
      }
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      res.end(step.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(server);
  return { url, seen };
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

function policy(clock: ManualClock, extra: Partial<HttpPolicyOptions> = {}) {
  return new HttpPolicy({
    system: 'walmart',
    timeoutMs: 5_000,
    maxRetries: 3,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    clock,
    random: () => 0.5,
    ...extra,
  });
}

describe('HttpPolicy backoff', () => {
  it('stays between half and all of the capped exponential ceiling', () => {
    for (const r of [0, 0.25, 0.999999]) {
      const p = policy(new ManualClock(T0), { random: () => r });
      for (let n = 0; n < 12; n++) {
        const ceiling = Math.min(1_000, 100 * 2 ** n);
        const wait = p.backoff(n);
        expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
        expect(wait).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('uses the jitter source', () => {
    const low = policy(new ManualClock(T0), { random: () => 0 }).backoff(3);
    const high = policy(new ManualClock(T0), { random: () => 0.99 }).backoff(3);
    expect(low).toBe(400);
    expect(high).toBeGreaterThan(low);
  });
});

describe('HttpPolicy retries', () => {
  it('retries a 5xx on an idempotent call and returns the eventual answer', async () => {
    const clock = new ManualClock(T0);
    const srv = await scriptedServer([
      { status: 503 },
      { status: 500 },
      { status: 200, body: '{"ok":true}' },
    ]);
    const p = policy(clock);
    const res = await p.send('orders', () => p.ky(`${srv.url}/a`), { idempotent: true });
    expect(res.status).toBe(200);
    expect(srv.seen).toHaveLength(3);
    expect(p.callCount()).toBe(3);
    expect(clock.sleeps).toEqual([p.backoff(0), p.backoff(1)]);
  });

  it('returns a 5xx at once on a non-idempotent call', async () => {
    const srv = await scriptedServer([{ status: 500 }, { status: 200 }]);
    const p = policy(new ManualClock(T0));
    const res = await p.send('feeds', () => p.ky.post(`${srv.url}/a`), { idempotent: false });
    expect(res.status).toBe(500);
    expect(srv.seen).toHaveLength(1);
  });

  it('never retries other 4xx', async () => {
    for (const status of [400, 401, 403, 404, 409]) {
      const srv = await scriptedServer([{ status }, { status: 200 }]);
      const p = policy(new ManualClock(T0));
      const res = await p.send('inventory', () => p.ky(`${srv.url}/a`), { idempotent: true });
      expect(res.status).toBe(status);
      expect(srv.seen).toHaveLength(1);
    }
  });

  it('gives up after maxRetries and returns the last 5xx', async () => {
    const srv = await scriptedServer([{ status: 502 }]);
    const p = policy(new ManualClock(T0), { maxRetries: 2 });
    const res = await p.send('orders', () => p.ky(`${srv.url}/a`), { idempotent: true });
    expect(res.status).toBe(502);
    expect(srv.seen).toHaveLength(3);
  });

  it('retries a dropped connection when the call is idempotent', async () => {
    const srv = await scriptedServer(['drop', { status: 200 }]);
    const p = policy(new ManualClock(T0));
    const res = await p.send('orders', () => p.ky(`${srv.url}/a`), { idempotent: true });
    expect(res.status).toBe(200);
    expect(srv.seen).toHaveLength(2);
  });

  it('does not repeat a non-idempotent post after a maybe-delivered network error', async () => {
    const srv = await scriptedServer(['drop', { status: 200 }]);
    const p = policy(new ManualClock(T0));
    const err = await p
      .send('feeds', () => p.ky.post(`${srv.url}/a`, { body: 'x' }), { idempotent: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).maybeDelivered).toBe(true);
    expect((err as NetworkError).endpoint).toBe('feeds');
    expect(srv.seen).toHaveLength(1);
  });

  it('repeats a non-idempotent post when the connection was refused (never sent)', async () => {
    const srv = await scriptedServer([{ status: 200 }]);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const p = policy(new ManualClock(T0));
    let n = 0;
    const res = await p.send('feeds', () => p.ky.post(`${n++ === 0 ? deadUrl : srv.url}/a`), {
      idempotent: false,
    });
    expect(res.status).toBe(200);
    expect(n).toBe(2);
  });

  it('reports a refused connection as never delivered once retries run out', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const p = policy(new ManualClock(T0), { maxRetries: 1 });
    const err = await p.send('feeds', () => p.ky.post(deadUrl), { idempotent: false }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).maybeDelivered).toBe(false);
    expect((err as Error).message).toContain('ECONNREFUSED');
  });
});

describe('HttpPolicy errors that are not transport failures', () => {
  it('passes an error thrown by the attempt itself through unchanged, without retrying', async () => {
    const p = policy(new ManualClock(T0));
    class RefusedError extends Error {}
    let attempts = 0;
    const err = await p
      .send(
        'orders',
        async () => {
          attempts++;
          throw new RefusedError('credentials refused');
        },
        { idempotent: true },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect(attempts).toBe(1);
  });
});

describe('HttpPolicy throttling', () => {
  it('waits for Retry-After (seconds) before anything else', async () => {
    const clock = new ManualClock(T0);
    const srv = await scriptedServer([
      { status: 429, headers: { 'retry-after': '7', 'x-next-replenish-time': String(clock.now() + 60_000) } },
      { status: 200 },
    ]);
    const p = policy(clock);
    const res = await p.send('inventory', () => p.ky(`${srv.url}/a`), { idempotent: true });
    expect(res.status).toBe(200);
    expect(clock.sleeps).toEqual([7_000]);
    expect(p.throttleCount()).toBe(1);
  });

  it('accepts Retry-After as an HTTP date', async () => {
    const clock = new ManualClock(T0);
    const at = new Date(clock.now() + 12_000).toUTCString();
    const srv = await scriptedServer([{ status: 429, headers: { 'retry-after': at } }, { status: 200 }]);
    const p = policy(clock);
    await p.send('inventory', () => p.ky(`${srv.url}/a`), { idempotent: true });
    expect(clock.sleeps).toEqual([12_000]);
  });

  it.each([
    ['epoch ms', (t: number) => String(t + 4_000), 'x-next-replenish-time'],
    ['epoch seconds', (t: number) => String((t + 4_000) / 1000), 'x-next-replenish-time'],
    ['ISO-8601', (t: number) => new Date(t + 4_000).toISOString(), 'x-next-replenish-time'],
    ['the supplier spelling', (t: number) => String(t + 4_000), 'X-Next-Replenishment-Time'],
  ])('falls back to x-next-replenish-time in %s', async (_label, format, header) => {
    const clock = new ManualClock(T0);
    const srv = await scriptedServer([
      { status: 429, headers: { [header]: format(clock.now()) } },
      { status: 200 },
    ]);
    const p = policy(clock);
    await p.send('inventory', () => p.ky(`${srv.url}/a`), { idempotent: true });
    expect(clock.sleeps).toEqual([4_000]);
  });

  it('falls back to backoff when no header says when', async () => {
    const clock = new ManualClock(T0);
    const srv = await scriptedServer([{ status: 429 }, { status: 429 }, { status: 200 }]);
    const p = policy(clock);
    await p.send('inventory', () => p.ky(`${srv.url}/a`), { idempotent: true });
    expect(clock.sleeps).toEqual([p.backoff(0), p.backoff(1)]);
  });

  it('caps a throttle wait at maxThrottleWaitMs', async () => {
    const clock = new ManualClock(T0);
    const srv = await scriptedServer([{ status: 429, headers: { 'retry-after': '3600' } }, { status: 200 }]);
    const p = policy(clock, { maxThrottleWaitMs: 30_000 });
    await p.send('inventory', () => p.ky(`${srv.url}/a`), { idempotent: true });
    expect(clock.sleeps).toEqual([30_000]);
  });

  it('retries a 429 even on a non-idempotent call (nothing was processed)', async () => {
    const srv = await scriptedServer([{ status: 429, headers: { 'retry-after': '1' } }, { status: 200 }]);
    const p = policy(new ManualClock(T0));
    const res = await p.send('feeds', () => p.ky.post(`${srv.url}/a`), { idempotent: false });
    expect(res.status).toBe(200);
    expect(srv.seen).toHaveLength(2);
  });

  it('throws ThrottledError when 429s outlast the retries', async () => {
    const srv = await scriptedServer([{ status: 429, headers: { 'retry-after': '2' } }]);
    const p = policy(new ManualClock(T0), { maxRetries: 2 });
    const err = await p.send('inventory', () => p.ky(`${srv.url}/a`), { idempotent: true }).catch((e) => e);
    expect(err).toBeInstanceOf(ThrottledError);
    expect((err as ThrottledError).retryAfterMs).toBe(2_000);
    expect(srv.seen).toHaveLength(3);
  });

  it('pauses an endpoint whose x-current-token-count reached 0 until the replenish time', async () => {
    const clock = new ManualClock(T0);
    const srv = await scriptedServer([
      {
        status: 200,
        headers: { 'x-current-token-count': '0', 'x-next-replenish-time': String(clock.now() + 2_500) },
      },
      { status: 200, headers: { 'x-current-token-count': '5' } },
    ]);
    const p = policy(clock);
    await p.send('inventory', () => p.ky(`${srv.url}/a`), { idempotent: true });
    expect(clock.sleeps).toEqual([]);
    await p.send('orders', () => p.ky(`${srv.url}/b`), { idempotent: true });
    expect(clock.sleeps).toEqual([]);
    await p.send('inventory', () => p.ky(`${srv.url}/c`), { idempotent: true });
    expect(clock.sleeps).toEqual([2_500]);
    await p.send('inventory', () => p.ky(`${srv.url}/d`), { idempotent: true });
    expect(clock.sleeps).toEqual([2_500]);
  });

  it('makes every concurrent caller wait out the pause', async () => {
    const clock = new ManualClock(T0);
    const srv = await scriptedServer([
      {
        status: 200,
        headers: { 'x-current-token-count': '0', 'x-next-replenish-time': String(clock.now() + 1_000) },
      },
      { status: 200 },
    ]);
    const p = policy(clock);
    await p.send('inventory', () => p.ky(`${srv.url}/a`), { idempotent: true });
    const startedAt = clock.now();
    const sentAt: number[] = [];
    await Promise.all(
      [1, 2, 3].map(() =>
        p.send(
          'inventory',
          () => {
            sentAt.push(clock.now());
            return p.ky(`${srv.url}/b`);
          },
          { idempotent: true },
        ),
      ),
    );
    expect(sentAt.every((t) => t >= startedAt + 1_000)).toBe(true);
  });

  it('paces an endpoint with a client-side token bucket', async () => {
    const clock = new ManualClock(T0);
    const srv = await scriptedServer([{ status: 200 }]);
    const p = policy(clock, { limits: { feeds: { capacity: 2, perSecond: 0.5 } } });
    const sentAt: number[] = [];
    for (let i = 0; i < 4; i++) {
      await p.send(
        'feeds',
        () => {
          sentAt.push(clock.now());
          return p.ky(`${srv.url}/a`);
        },
        { idempotent: true },
      );
    }
    const t0 = sentAt[0]!;
    expect(sentAt.map((t) => t - t0)).toEqual([0, 0, 2_000, 4_000]);
  });
});
