/**
 * Faults end to end: the CLI as a child process against both sandboxes with their fault knobs turned, then
 * enough cycles and batch loads; every case ends with the same invariant check (I1–I4).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIO_EXPECTATIONS, scenarioWorld } from '../../sandbox/scenario-world.ts';
import { generateWorld } from '../../sandbox/generate-world.ts';
import { seededRandom } from '../../sandbox/seeded-random.ts';
import type { World } from '../../sandbox/world.ts';
import { expectInvariants } from './invariants.ts';
import { describeRun, runConnector, startConnector, syncJson } from './support/connector-cli.ts';
import { converge } from './support/converge.ts';
import { type E2eOptions, type E2eSystems, startE2eSystems } from './support/e2e-systems.ts';
import { runCycleLater } from './support/later-cycle.ts';
import { expireLeases, readStore } from './support/store-view.ts';

const MATCHABLE = Object.entries(SCENARIO_EXPECTATIONS)
  .filter(([, e]) => e.status === 'RECEIPTED')
  .map(([k]) => k);
const RECEIPT_REFS = MATCHABLE.map((k) => `WM-${k.replace('#', '-')}`);

let open: E2eSystems[] = [];

async function scenario(options: Partial<E2eOptions> = {}): Promise<E2eSystems> {
  const systems = await startE2eSystems({ world: scenarioWorld(), ...options });
  open.push(systems);
  return systems;
}

afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

/** Cycles and batch loads until the matchable lines are RECEIPTED, then every invariant. */
async function settleAndCheck(systems: E2eSystems, world: World = systems.world): Promise<void> {
  const done = await converge(systems, { matchable: MATCHABLE });
  expect(done.missing, 'matchable lines not RECEIPTED after enough cycles').toEqual([]);
  await expectInvariants({ world, peoplesoft: systems.peoplesoft, storePath: systems.storePath });
}

/** Polls `check` every 100 ms until it returns something truthy (at most 60 s). */
async function waitUntil(check: () => Promise<unknown>): Promise<void> {
  const until = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Posts (requests to the HTTP listening connector) that carried a reference. */
function postsWith(systems: E2eSystems, reference: string): number {
  return systems.peoplesoft.requests('post').filter((r) => r.references?.includes(reference)).length;
}

describe('faults end to end (CLI child process, both sandboxes)', { timeout: 240_000 }, () => {
  it('lost PeopleSoft responses: the line goes IN_DOUBT, the status query settles it, nothing is re-posted', async () => {
    const systems = await scenario();
    // Every post is staged, then its answer is dropped: receipts and adjustments alike.
    systems.peoplesoft.faults.loseNext(10, 'post');
    const first = await syncJson(systems, { allowFailure: true });
    systems.peoplesoft.faults.clear();
    const lost = systems.peoplesoft.requests('post').filter((r) => r.lost);
    expect(lost.length, describeRun(first.result)).toBeGreaterThan(0);

    const view = await readStore(systems.storePath);
    for (const key of MATCHABLE) {
      const path = (view.history.get(key) ?? []).map((e) => e.to);
      expect(path, `${key} history`).toContain('IN_DOUBT');
      expect(path.indexOf('IN_DOUBT'), `${key} settled after doubt`).toBeLessThan(path.lastIndexOf('POSTED'));
    }
    await settleAndCheck(systems);
    for (const ref of RECEIPT_REFS) expect(postsWith(systems, ref), `${ref} posts`).toBe(1);
    for (const ref of RECEIPT_REFS) expect(postsWith(systems, `${ref}-ADJ`), `${ref}-ADJ posts`).toBe(1);
  });

  it('IBResponse errors with HTTP 200: RECEIPT_REJECTED with the message, no duplicate after replay', async () => {
    const systems = await scenario();
    const message = 'Receiving is closed for business unit US001 in this period';
    systems.peoplesoft.faults.ibErrorFor(RECEIPT_REFS, { messageSet: 18040, messageId: 207, message });
    await syncJson(systems);
    systems.peoplesoft.faults.clear();

    const listed = await runConnector(systems, [
      'audit',
      'list',
      '--json',
      '--status',
      'FLAGGED',
      '--reason',
      'RECEIPT_REJECTED',
    ]);
    expect(listed.code, describeRun(listed)).toBe(0);
    const rejected = JSON.parse(listed.stdout) as {
      purchaseOrderId: string;
      lineNumber: string;
      detail: string;
    }[];
    expect(rejected.map((e) => `${e.purchaseOrderId}#${e.lineNumber}`).sort()).toEqual([...MATCHABLE].sort());
    for (const e of rejected) expect(e.detail).toContain(message);
    for (const ref of RECEIPT_REFS) expect(systems.peoplesoft.postCounts()[ref]).toBeUndefined();

    // Replay each line, then every failed one, each twice over, with cycles in between: whatever the order,
    // one receipt per line reaches PeopleSoft.
    for (let round = 0; round < 2; round++) {
      for (const key of MATCHABLE) {
        const replayed = await runConnector(systems, ['replay', key]);
        expect(replayed.code, describeRun(replayed)).toBe(0);
      }
      const failed = await runConnector(systems, ['replay', '--failed']);
      expect(failed.code, describeRun(failed)).toBe(0);
      await syncJson(systems);
    }
    for (const ref of RECEIPT_REFS) expect(systems.peoplesoft.postCounts()[ref], ref).toBe(1);
    systems.peoplesoft.runBatchLoad();
    for (const key of MATCHABLE) await runConnector(systems, ['replay', key]);
    await syncJson(systems);
    for (const ref of RECEIPT_REFS) expect(systems.peoplesoft.postCounts()[ref], ref).toBe(1);
    await settleAndCheck(systems);
  });

  it('5xx bursts on PeopleSoft (reads and posts): retried or settled, never doubled', async () => {
    const systems = await scenario();
    systems.peoplesoft.faults.failNext(2, { status: 503, scope: 'query', body: 'html' });
    systems.peoplesoft.faults.failNext(1, { status: 500, scope: 'post', body: 'ibresponse' });
    const first = await syncJson(systems, { allowFailure: true });
    const failures = systems.peoplesoft.requests().filter((r) => r.status >= 500);
    expect(failures.length, describeRun(first.result)).toBe(3);
    systems.peoplesoft.faults.setFailureRate(0.2, { status: 503, scope: 'any' });
    await syncJson(systems, { allowFailure: true });
    systems.peoplesoft.faults.clear();
    await settleAndCheck(systems);
    // The receipts' post got a 500: in doubt, proven absent by the status query, then posted once.
    const view = await readStore(systems.storePath);
    const path = (view.history.get(MATCHABLE[0]!) ?? []).map((e) => e.to);
    expect(path).toContain('IN_DOUBT');
    expect(path.at(-1)).toBe('RECEIPTED');
  });

  it('5xx bursts and dropped connections on Walmart: retried with backoff, the cycle completes', async () => {
    const systems = await scenario();
    systems.walmart.knobs.failNext = { token: 1, orders: 2, inventory: 2 };
    systems.walmart.knobs.dropNext = { orders: 1 };
    const first = await syncJson(systems);
    const five = Object.values(systems.walmart.counters).reduce((n, c) => n + (c.statuses['500'] ?? 0), 0);
    expect(five, describeRun(first.result)).toBe(5);
    expect(systems.walmart.counters.orders.statuses.dropped).toBe(1);
    expect(first.summary?.orders.lines).toBe(12);
    expect(first.summary?.inventory.failed).toBe(0);
    systems.walmart.knobs.failStatus = 503;
    systems.walmart.knobs.errorRate = 0.15;
    await syncJson(systems, { allowFailure: true });
    systems.walmart.knobs.errorRate = 0;
    await settleAndCheck(systems);
  });

  it('Walmart 401 mid-cycle (tokens revoked): one refresh, the call retried, the cycle completes', async () => {
    const systems = await scenario();
    systems.walmart.knobs.revokeTokensAfterRequests = 2;
    const first = await syncJson(systems);
    expect(systems.walmart.tokensIssued(), describeRun(first.result)).toBe(2);
    const unauthorized = Object.values(systems.walmart.counters).reduce(
      (n, c) => n + (c.statuses['401'] ?? 0),
      0,
    );
    expect(unauthorized).toBe(1);
    expect(first.summary?.orders.lines).toBe(12);
    // Revoked again in the next cycle, between its two order windows.
    systems.walmart.knobs.revokeTokensAfterRequests = 1;
    const second = await syncJson(systems);
    expect(systems.walmart.tokensIssued(), describeRun(second.result)).toBe(4);
    await settleAndCheck(systems);
  });

  it('429 bursts: waits for the replenish time, retries, nothing lost', async () => {
    const systems = await scenario();
    systems.walmart.knobs.throttleWaitMs = 300;
    systems.walmart.knobs.throttleNext = { orders: 2, inventory: 2 };
    const first = await syncJson(systems);
    const throttled = Object.values(systems.walmart.counters).reduce(
      (n, c) => n + (c.statuses['429'] ?? 0),
      0,
    );
    expect(throttled, describeRun(first.result)).toBe(4);
    expect(first.summary?.orders.lines).toBe(12);
    expect(first.summary?.inventory.failed).toBe(0);
    systems.walmart.knobs.retryAfterSeconds = 1;
    systems.walmart.knobs.throttleNext = { orders: 1 };
    await syncJson(systems);
    await settleAndCheck(systems);
  });

  it(
    'the process killed (SIGKILL) at random points during sync, then rerun',
    { timeout: 480_000 },
    async () => {
      // Slow answers widen the windows between recording an intent and hearing PeopleSoft's answer.
      const slow: Partial<E2eOptions> = {
        peoplesoft: { latencyMs: 250 },
        walmart: { knobs: { latencyMs: 40 } },
      };
      const calibration = await scenario(slow);
      const t0 = performance.now();
      await syncJson(calibration);
      const full = performance.now() - t0;
      let midCycle = 0;
      for (const seed of [1, 2, 3, 4]) {
        const random = seededRandom(seed);
        const systems = await scenario(slow);
        for (let kill = 0; kill < 2; kill++) {
          const { child, finished } = startConnector(systems, ['sync', '--json']);
          const timer = setTimeout(() => child.kill('SIGKILL'), Math.round(full * (0.35 + 0.7 * random())));
          const result = await finished;
          clearTimeout(timer);
          expect(
            result.signal === 'SIGKILL' || result.code === 0,
            `seed ${seed}: ${describeRun(result)}`,
          ).toBe(true);
          const view = await readStore(systems.storePath);
          if (
            result.signal &&
            [...view.records.values()].some((r) => r.status !== 'SKIPPED' && r.status !== 'FLAGGED')
          ) {
            midCycle++;
          }
          // A killed holder's leases lapse after their TTL; the rerun comes after that.
          expireLeases(systems.storePath);
          if (random() < 0.5) systems.peoplesoft.runBatchLoad();
        }
        await settleAndCheck(systems);
        await systems.close();
        open = open.filter((s) => s !== systems);
      }
      expect(midCycle, 'kills that landed while lines were in flight').toBeGreaterThan(0);
    },
  );

  it("killed between a batch's intent commit and its post, then rerun: every line posted once", async () => {
    const systems = await scenario();
    const { finished } = startConnector(systems, ['sync', '--json'], {
      env: { ML_CONNECTOR_CRASH_AT: 'intents-committed' },
    });
    expect((await finished).signal).toBe('SIGKILL');
    const killed = await readStore(systems.storePath);
    const intents = [...killed.records.values()].filter((r) => r.receipt?.state === 'INTENT');
    expect(intents.length, 'receipt intents durable at the crash').toBeGreaterThan(0);
    expect(systems.peoplesoft.requests('post'), 'nothing posted before the crash').toEqual([]);

    expireLeases(systems.storePath);
    await settleAndCheck(systems);
    for (const ref of RECEIPT_REFS) expect(postsWith(systems, ref), `${ref} posts`).toBe(1);
    for (const ref of RECEIPT_REFS) expect(postsWith(systems, `${ref}-ADJ`), `${ref}-ADJ posts`).toBe(1);
  });

  it("killed between a batch's post and the commit of its answers, then rerun: settled by status, never re-posted", async () => {
    const systems = await scenario();
    const { finished } = startConnector(systems, ['sync', '--json'], {
      env: { ML_CONNECTOR_CRASH_AT: 'posted' },
    });
    expect((await finished).signal).toBe('SIGKILL');
    const killed = await readStore(systems.storePath);
    const posted = systems.peoplesoft.requests('post').flatMap((r) => r.references ?? []);
    expect(posted.length, 'posts PeopleSoft staged before the crash').toBeGreaterThan(0);
    // PeopleSoft has them; the store still holds only the intents (the answers were never committed).
    for (const ref of posted.filter((x) => RECEIPT_REFS.includes(x))) {
      const rec = [...killed.records.values()].find((r) => r.receipt?.reference === ref);
      expect(rec?.receipt?.state, ref).toBe('INTENT');
    }

    expireLeases(systems.storePath);
    await settleAndCheck(systems);
    for (const ref of RECEIPT_REFS) expect(postsWith(systems, ref), `${ref} posts`).toBe(1);
    for (const ref of RECEIPT_REFS) expect(postsWith(systems, `${ref}-ADJ`), `${ref}-ADJ posts`).toBe(1);
    expect(systems.peoplesoft.duplicates()).toEqual([]);
  });

  it(
    'a late cancellation, the process killed (SIGKILL) around its reversal post: one -ADJR, stock back, pushed once',
    { timeout: 240_000 },
    async () => {
      for (const killAfterIntentMs of [0, 300, 900]) {
        const systems = await scenario();
        await settleAndCheck(systems);
        const key = MATCHABLE[0]!;
        const [po, line] = key.split('#') as [string, string];
        const reference = `WM-${po}-${line}-ADJR`;
        const before = await readStore(systems.storePath);
        const sold = before.records.get(key)!;
        const itemId = sold.itemId ?? sold.sku;
        const stockBefore = systems.peoplesoft.balances().find((b) => b.itemId === itemId)!.qtyAvailable;

        const setsBefore = systems.walmart.inventory.setsOf(sold.sku).length;
        systems.walmart.cancelLine(po, line);
        // Slow posts hold the kill window open between the reversal's intent and PeopleSoft's answer.
        systems.peoplesoft.applyFaults({ latencyMs: 1_500 });
        const { child, finished } = startConnector(systems, ['sync', '--json']);
        await waitUntil(
          async () => (await readStore(systems.storePath)).records.get(key)?.reversal?.state === 'INTENT',
        );
        await new Promise((resolve) => setTimeout(resolve, killAfterIntentMs));
        child.kill('SIGKILL');
        expect((await finished).signal, `kill ${killAfterIntentMs} ms after the intent`).toBe('SIGKILL');
        systems.peoplesoft.applyFaults({ latencyMs: 0 });
        expireLeases(systems.storePath);

        // Reruns, loads, and later cycles (past the in-doubt grace period) settle the reversal.
        await syncJson(systems, { allowFailure: true });
        for (let i = 1; i <= 3; i++) {
          systems.peoplesoft.runBatchLoad();
          await runCycleLater(systems, i * 20 * 60_000);
        }
        expect(systems.peoplesoft.postCounts()[reference], `kill ${killAfterIntentMs} ms`).toBe(1);
        const after = (await readStore(systems.storePath)).records.get(key)!;
        expect(after).toMatchObject({
          status: 'FLAGGED',
          reason: 'CANCELLED_AFTER_RECEIPT',
          reversal: { reference, state: 'LOADED' },
          reversalQuantity: sold.quantity,
        });
        const stockAfter = systems.peoplesoft.balances().find((b) => b.itemId === itemId)!.qtyAvailable;
        expect(stockAfter).toBe(stockBefore + sold.quantity);
        // The restored stock reached Walmart (less safety stock), in one quantity set.
        const safety = (systems.config.inventory as { safetyStock: number }).safetyStock;
        const restored = Math.max(0, stockAfter - safety);
        expect(systems.walmart.inventory.get(sold.sku)).toBe(restored);
        const setsSince = systems.walmart.inventory.setsOf(sold.sku).slice(setsBefore);
        expect(setsSince.filter((x) => x.quantity === restored)).toHaveLength(1);
        await expectInvariants({
          world: systems.world,
          peoplesoft: systems.peoplesoft,
          storePath: systems.storePath,
        });
        await systems.close();
        open = open.filter((x) => x !== systems);
      }
    },
  );

  it('a sync killed mid-batch leaves no claim behind: the next sync finishes every line', async () => {
    const world = generateWorld({ orders: 150, skus: 12, linesPerOrder: 2, seed: 5 });
    const systems = await scenario({ world, peoplesoft: { latencyMs: 150 } });
    const { child, finished } = startConnector(systems, ['sync', '--json']);
    // The first PeopleSoft read is the matcher's: killed while it is in flight (the sandbox holds it for its
    // latency before it knows the kind), its batch is claimed and its lines are still RECEIVED.
    await waitUntil(async () =>
      systems.peoplesoft.requests().some((r) => r.path.includes('/ExecuteQuery.v1/')),
    );
    child.kill('SIGKILL');
    await finished;
    systems.peoplesoft.applyFaults({ latencyMs: 0 });
    const killed = await readStore(systems.storePath);
    expect([...killed.records.values()].filter((r) => r.status === 'RECEIVED').length).toBeGreaterThan(0);

    // No lease expiry, no clock moved: the dead process's claims and leases come back at once.
    await syncJson(systems, { allowFailure: true });
    const after = await readStore(systems.storePath);
    const stuck = [...after.records.values()].filter((r) => r.status === 'RECEIVED').map((r) => r.key);
    expect(stuck).toEqual([]);
    expect(after.records.size).toBe(300);
  });

  it('an interrupted sync (SIGINT or SIGTERM) releases its lease: the next sync runs', async () => {
    const systems = await scenario({ peoplesoft: { latencyMs: 300 } });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const { child, finished } = startConnector(systems, ['sync', '--json']);
      await waitUntil(async () => (await readStore(systems.storePath).catch(() => undefined))?.records.size);
      child.kill(signal);
      await finished;
      const next = await syncJson(systems, { allowFailure: true });
      expect(next.result.code, `after ${signal}: ${describeRun(next.result)}`).toBe(0);
    }
    await settleAndCheck(systems);
  });

  it('two syncs at once on the same store: one set of writes', async () => {
    const systems = await scenario({ peoplesoft: { latencyMs: 50 } });
    const runs = await Promise.all([
      startConnector(systems, ['sync', '--json']).finished,
      startConnector(systems, ['sync', '--json']).finished,
    ]);
    for (const r of runs) expect(r.signal, describeRun(r)).toBeNull();
    expect(
      runs.some((r) => r.code === 0),
      runs.map(describeRun).join('\n---\n'),
    ).toBe(true);
    expect(systems.peoplesoft.duplicates()).toEqual([]);
    await settleAndCheck(systems);
  });

  it('a second cycle over the same window (overlap) creates nothing new', async () => {
    // An overlap of three days: the second poll reads every order again.
    const systems = await scenario({ config: { orders: { overlapMinutes: 3 * 24 * 60 } } });
    const first = await syncJson(systems);
    const staged = systems.peoplesoft.staged().length;
    const before = await readStore(systems.storePath);
    const second = await syncJson(systems);
    expect(second.summary?.orders.lines, describeRun(second.result)).toBe(first.summary?.orders.lines);
    expect(second.summary?.receipts.posted).toBe(0);
    expect(second.summary?.adjustments.posted).toBe(0);
    expect(systems.peoplesoft.staged().length).toBe(staged);
    const after = await readStore(systems.storePath);
    expect([...after.records.keys()].sort()).toEqual([...before.records.keys()].sort());
    for (const [key, r] of before.records) {
      expect(after.records.get(key)?.status, key).toBe(r.status);
      expect(after.history.get(key)?.length, `${key} history`).toBe(before.history.get(key)?.length);
    }
    await settleAndCheck(systems);
  });
});
