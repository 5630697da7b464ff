import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type ReceivedWork, silentLog } from '../ports.ts';
import { type KeyOutcome, processWorkBatch } from './work-batch.ts';

function record(messageId: string, body: string, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:work',
    awsRegion: 'us-east-1',
  };
}

const work = (key: string, postponed?: number) => JSON.stringify({ key, group: 'ITEM', postponed });

function setup() {
  const released: { handle: string; delayMs: number }[] = [];
  const postponed: { work: ReceivedWork; delayMs: number }[] = [];
  const options = {
    queue: {
      release: async (handle: string, delayMs: number) => {
        released.push({ handle, delayMs });
      },
      postpone: async (w: ReceivedWork, delayMs: number) => {
        postponed.push({ work: w, delayMs });
      },
    },
    log: silentLog,
    retryDelayMs: (n: number) => 1000 * 2 ** (n - 1),
    busyDelayMs: (item: { postponed?: number }) => ((item.postponed ?? 0) < 3 ? 7000 : undefined),
  };
  return { released, postponed, options };
}

describe('processWorkBatch', () => {
  it('works each key once and fails every message of a failed key, by key not message id', async () => {
    const { released, options } = setup();
    const event: SQSEvent = {
      Records: [
        record('m1', work('1#1')),
        record('m2', work('1#2'), 3),
        record('m3', work('1#2')),
        record('m4', work('1#3')),
      ],
    };
    const seen: string[][] = [];
    const report = await processWorkBatch(
      event,
      async (keys): Promise<KeyOutcome[]> => {
        seen.push(keys);
        return [
          { key: '1#1', ok: true },
          { key: '1#2', ok: false, error: 'lease held elsewhere' },
        ];
      },
      options,
    );
    expect(seen).toEqual([['1#1', '1#2', '1#3']]);
    // 1#3 got no outcome: it is retried, never dropped.
    expect(report.response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m2', 'm3', 'm4']);
    expect(report.failedKeys.sort()).toEqual(['1#2', '1#3']);
    expect(released).toEqual(
      expect.arrayContaining([
        { handle: 'handle-m2', delayMs: 4000 },
        { handle: 'handle-m3', delayMs: 1000 },
      ]),
    );
  });

  it('fails a message that is not a work item without calling the work for it', async () => {
    const { options } = setup();
    const event: SQSEvent = { Records: [record('bad', 'not json'), record('empty', '{"group":"X"}')] };
    let called = false;
    const report = await processWorkBatch(
      event,
      async () => {
        called = true;
        return [];
      },
      options,
    );
    expect(called).toBe(false);
    expect(report.response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['bad', 'empty']);
  });

  it('fails the whole batch when the work throws, and reports the error', async () => {
    const { options } = setup();
    const errors: unknown[] = [];
    const report = await processWorkBatch(
      { Records: [record('m1', work('1#1')), record('m2', work('2#1'))] },
      async () => {
        throw new Error('PeopleSoft unavailable');
      },
      { ...options, onBatchError: (e) => errors.push(e) },
    );
    expect(report.response.batchItemFailures).toHaveLength(2);
    expect(errors).toHaveLength(1);
  });

  it('still reports the failure when shortening the retry delay fails', async () => {
    const { options } = setup();
    const report = await processWorkBatch(
      { Records: [record('m1', work('1#1'))] },
      async () => [{ key: '1#1', ok: false }],
      {
        ...options,
        queue: {
          ...options.queue,
          release: async () => {
            throw new Error('receipt handle expired');
          },
        },
      },
    );
    expect(report.response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
  });

  it('puts the messages of a busy key back to wait instead of failing them', async () => {
    const { released, postponed, options } = setup();
    const report = await processWorkBatch(
      { Records: [record('m1', work('1#1'), 4), record('m2', work('1#2')), record('m3', work('1#1'))] },
      async () => [
        { key: '1#1', ok: false, busy: true, error: 'item held by another worker' },
        { key: '1#2', ok: true },
      ],
      options,
    );
    expect(report.response.batchItemFailures).toEqual([]);
    expect(report.waitingKeys).toEqual(['1#1']);
    expect(report.failedKeys).toEqual([]);
    expect(released).toEqual([]);
    expect(postponed.map((p) => [p.work.handle, p.work.key, p.work.receiveCount, p.delayMs]).sort()).toEqual([
      ['handle-m1', '1#1', 4, 7000],
      ['handle-m3', '1#1', 1, 7000],
    ]);
  });

  it('fails a busy key that has waited its most, and one whose put-back fails', async () => {
    const { released, options } = setup();
    const report = await processWorkBatch(
      { Records: [record('m1', work('1#1', 3)), record('m2', work('1#2'))] },
      async () => [
        { key: '1#1', ok: false, busy: true },
        { key: '1#2', ok: false, busy: true },
      ],
      {
        ...options,
        queue: {
          ...options.queue,
          postpone: async (w: ReceivedWork) => {
            if (w.key === '1#2') throw new Error('SQS unavailable');
          },
        },
      },
    );
    expect(report.response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m1', 'm2']);
    expect(report.failedKeys.sort()).toEqual(['1#1', '1#2']);
    expect(released.map((r) => r.handle).sort()).toEqual(['handle-m1', 'handle-m2']);
  });
});
