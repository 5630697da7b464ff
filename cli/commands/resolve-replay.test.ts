import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxSetup, syncedSandboxSetup } from '../test-support/sandbox-setup.ts';

let s: SandboxSetup;
beforeAll(async () => {
  s = await syncedSandboxSetup();
});
afterAll(async () => {
  await s?.close();
});

const line = async (key: string) => {
  const [po] = key.split('#');
  const r = await s.run(['audit', 'list', '--order', po!, '--json']);
  return JSON.parse(r.stdout).find(
    (i: { purchaseOrderId: string; lineNumber: string }) => `${i.purchaseOrderId}#${i.lineNumber}` === key,
  );
};

describe('resolve', () => {
  it('--po puts a flagged line back into the flow; the next sync posts its receipt', async () => {
    const r = await s.run([
      'resolve',
      '1796277083023#1',
      '--po',
      'US001/0000079263/1/1',
      '--note',
      'buyer confirmed',
      '--by',
      'jdoe',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('next `ml-connector sync`');
    expect((await line('1796277083023#1')).status).toBe('RECEIVED');
    const sync = await s.run(['sync', '--json']);
    expect(JSON.parse(sync.stdout).receipts.posted).toBe(1);
    expect(await line('1796277083023#1')).toMatchObject({ status: 'POSTED', poRef: 'US001/0000079263/1/1' });
    const show = await s.run(['audit', 'show', '1796277083023#1']);
    expect(show.stdout).toContain('jdoe');
  });

  it('--skip needs --note; with it the line is SKIPPED', async () => {
    const bare = await s.run(['resolve', '1796277083026#2', '--skip']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--note');
    const r = await s.run([
      'resolve',
      '1796277083026#2',
      '--skip',
      '--note',
      'sample, no PO',
      '--by',
      'jdoe',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(await line('1796277083026#2')).toMatchObject({ status: 'SKIPPED', reason: 'RESOLVED_SKIP' });
  });

  it('refuses a schedule that does not fit, and a line that is not flagged (exit 2, saying why)', async () => {
    const wrongItem = await s.run(['resolve', '1796277083025#1', '--po', 'US001/0000079262/1/1']);
    expect(wrongItem.code).toBe(2);
    expect(wrongItem.stderr).toContain('cannot resolve 1796277083025#1');
    const notFlagged = await s.run(['resolve', '1796277083022#1', '--po', 'US001/0000079262/1/1']);
    expect(notFlagged.code).toBe(2);
    expect(notFlagged.stderr).toContain('only FLAGGED lines');
    const badKey = await s.run(['resolve', '1796277083022', '--skip', '--note', 'x']);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('PURCHASE_ORDER_ID#LINE_NUMBER');
  });
});

describe('replay', () => {
  it('KEY re-runs a flagged line: it is matched again at the next sync', async () => {
    const r = await s.run(['replay', '1796277083024#1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('requeued');
    expect(r.stdout).toContain('next `ml-connector sync`');
    const sync = await s.run(['sync', '--json']);
    expect(sync.code).toBe(0);
    expect(await line('1796277083024#1')).toMatchObject({
      status: 'FLAGGED',
      reason: 'NO_OPEN_PO_FOR_SUPPLIER',
    });
  });

  it('KEY of a finished line changes nothing; an unknown key is exit 2', async () => {
    s.pair.peoplesoft.runBatchLoad();
    await s.run(['sync', '--json']);
    const done = await s.run(['replay', '1796277083022#1', '--json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout).replayed[0]).toMatchObject({
      key: '1796277083022#1',
      action: 'none',
      status: 'RECEIPTED',
    });
    const unknown = await s.run(['replay', '1#1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('not in the audit trail');
  });

  it('--failed replays lines whose downstream call failed (and is harmless when there are none)', async () => {
    const r = await s.run(['replay', '--failed', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Array.isArray(out.replayed)).toBe(true);
    expect(typeof out.redriven).toBe('number');
    expect(s.pair.peoplesoft.duplicates()).toEqual([]);
  });

  it('KEY and --failed together is a usage error', async () => {
    const r = await s.run(['replay', '1796277083024#1', '--failed']);
    expect(r.code).toBe(2);
  });
});
