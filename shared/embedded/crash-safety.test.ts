/**
 * A writer process is killed with SIGKILL in the middle of its loop of writes; reopening the file must find
 * every write it reported committed, an intact schema, and let work carry on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleEntry, sampleLineRecord } from '../../test/contracts/audit-trail.contract.ts';
import { SqliteAuditTrail } from './sqlite-audit-trail.ts';
import { SqliteCheckpoints } from './sqlite-checkpoints.ts';
import { LATEST_SCHEMA_VERSION } from './sqlite-migrations.ts';
import { openStore } from './sqlite-store.ts';
import { SqliteWorkQueue } from './sqlite-work-queue.ts';
import { startChild } from './testing/child-process.ts';
import { makeTempDir, type TempDir } from './testing/temp-dir.ts';

/** Runs the writer until it has printed `killAfter` (a line it prints), kills it, returns the committed indexes. */
async function runAndKill(
  path: string,
  killAfter: (line: string, committed: number) => boolean,
): Promise<number> {
  const child = startChild('crash-writer.ts', [path]);
  let committed = -1;
  child.lines((line) => {
    if (/^\d+$/.test(line)) committed = Number(line);
    if (killAfter(line, committed)) child.process.kill('SIGKILL');
  });
  const ended = await child.exited;
  expect(ended, child.stderr()).toBe('SIGKILL');
  return committed;
}

describe('crash safety of the SQLite store', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir('crash');
  });
  afterEach(() => {
    tmp.cleanup();
  });

  it('keeps every committed write of a process killed mid-loop, and the next open carries on', async () => {
    const path = tmp.file('store.sqlite');
    let last = await runAndKill(path, (_line, committed) => committed >= 150);
    // A second run on the same file, killed too: the writes of both runs survive.
    const firstRun = last;
    last = await runAndKill(path, (_line, committed) => committed >= 50);
    expect(firstRun).toBeGreaterThanOrEqual(150);
    expect(last).toBeGreaterThanOrEqual(50);

    const store = openStore(path);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      const audit = new SqliteAuditTrail(store);
      for (let i = 0; i <= firstRun; i++) {
        const record = await audit.get(`CRASH${i}#1`);
        expect(record, `CRASH${i}#1`).toMatchObject({ status: 'MATCHED', version: 2 });
        expect((await audit.history(`CRASH${i}`)).map((e) => e.to)).toEqual(['RECEIVED', 'MATCHED']);
      }
      // Every entry belongs to a stored line, and no line lacks its entries: the two commit together.
      const orphans = store.db
        .prepare(
          `SELECT COUNT(*) AS n FROM line_records AS r
           WHERE (SELECT COUNT(*) FROM audit_entries AS e WHERE e.key = r.key) <> r.version`,
        )
        .get() as { n: number };
      expect(orphans.n).toBe(0);
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      expect(Number(await new SqliteCheckpoints(store).get('crash'))).toBeGreaterThanOrEqual(last);

      const queue = new SqliteWorkQueue(store);
      const queued = new Set<string>();
      for (
        let batch = await queue.receive(500, 60_000);
        batch.length > 0;
        batch = await queue.receive(500, 60_000)
      ) {
        for (const r of batch) queued.add(r.key);
      }
      for (let i = 0; i <= firstRun; i++) expect(queued.has(`CRASH${i}#1`), `CRASH${i}#1 queued`).toBe(true);

      const r = sampleLineRecord('AFTER', '1');
      expect(await audit.create(r, sampleEntry(r))).toBe(true);
    } finally {
      store.close();
    }
  });

  it('a process killed while creating a new store leaves a file the next open completes', async () => {
    const path = tmp.file('fresh/store.sqlite');
    await runAndKill(path, (line) => line === 'start');
    const store = openStore(path);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      const r = sampleLineRecord('PO1', '1');
      expect(await new SqliteAuditTrail(store).create(r, sampleEntry(r))).toBe(true);
    } finally {
      store.close();
    }
  });
});
