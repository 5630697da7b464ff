import { describe, expect, it } from 'vitest';
import type { LineRecord, WriteRecord } from './audit-record.ts';
import { cancellationOutcome } from './cancellation.ts';
import type { StagedTransaction } from './erp-records.ts';
import { redactSecrets } from './redact-secrets.ts';
import { settleWrite, statusByReference } from './settle-write.ts';

const w = (state: WriteRecord['state'], intentAt = 0): WriteRecord => ({
  reference: 'WM-1-1',
  state,
  intentAt,
  attempts: 1,
});
const row = (status: StagedTransaction['status']): StagedTransaction => ({
  reference: 'WM-1-1',
  controlId: '1',
  status,
  receiverId: 'R1',
});

describe('settleWrite', () => {
  it('settles a staged write by its status row', () => {
    expect(settleWrite(w('STAGED'), row('LOADED'), 10, 5)).toEqual({ kind: 'loaded', receiverId: 'R1' });
    expect(settleWrite(w('STAGED'), { ...row('ERROR'), errorText: 'bad PO' }, 10, 5)).toEqual({
      kind: 'error',
      message: 'bad PO',
    });
    expect(settleWrite(w('STAGED'), row('PENDING'), 10, 5)).toEqual({ kind: 'wait' });
  });

  it('finds an in-doubt write staged when its reference is present', () => {
    expect(settleWrite(w('IN_DOUBT'), row('PENDING'), 10, 5)).toEqual({ kind: 'staged' });
  });

  it('declares an in-doubt write absent only after the grace period', () => {
    expect(settleWrite(w('IN_DOUBT', 0), undefined, 4, 5)).toEqual({ kind: 'wait' });
    expect(settleWrite(w('IN_DOUBT', 0), undefined, 5, 5)).toEqual({ kind: 'absent' });
    expect(settleWrite(w('STAGED', 0), undefined, 500, 5)).toEqual({ kind: 'wait' });
  });

  it('prefers a LOADED row when a reference appears twice', () => {
    expect(statusByReference([row('LOADED'), row('ERROR')]).get('WM-1-1')?.status).toBe('LOADED');
    expect(statusByReference([row('ERROR'), row('PENDING')]).get('WM-1-1')?.status).toBe('PENDING');
  });
});

describe('cancellationOutcome', () => {
  const base = { status: 'RECEIVED' } as LineRecord;
  it('skips a line with nothing in PeopleSoft, flags one with a write that may be there', () => {
    expect(cancellationOutcome(base)).toBe('skip');
    expect(cancellationOutcome({ ...base, status: 'MATCHED', receipt: w('INTENT') })).toBe('flag');
    expect(cancellationOutcome({ ...base, status: 'FLAGGED', adjustment: w('STAGED') })).toBe('flag');
    expect(cancellationOutcome({ ...base, status: 'FLAGGED', adjustment: w('REJECTED') })).toBe('skip');
    expect(cancellationOutcome({ ...base, status: 'SKIPPED' })).toBe('none');
  });
});

describe('redactSecrets', () => {
  it('hides tokens and passwords in free text', () => {
    const s = redactSecrets(
      '401 with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc and password=hunter22 client_secret: "s3cr3t!"',
    );
    expect(s).not.toMatch(/eyJhbGci|hunter22|s3cr3t/);
    expect(s).toContain('[redacted]');
  });
});
