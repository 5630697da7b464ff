import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { useAwsEmulators } from '../../test/aws/use-aws-emulators.ts';
import { SqsWorkQueue } from './sqs-work-queue.ts';

describe('SqsWorkQueue', () => {
  const aws = useAwsEmulators();
  let n = 0;

  async function queue(maxReceiveCount = 2) {
    const urls = await aws.createQueues(`work-${++n}`, maxReceiveCount);
    return {
      ...urls,
      q: new SqsWorkQueue({
        queueUrl: urls.queueUrl,
        deadLetterQueueUrl: urls.dlqUrl,
        client: aws.sqs,
        deadLetterWaitSeconds: 0,
      }),
    };
  }

  const items = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ key: `1000#${i + 1}`, group: `ITEM-${i % 3}` }));

  async function drain(q: SqsWorkQueue) {
    const got = [];
    for (;;) {
      const batch = await q.receive(10, 30_000);
      if (batch.length === 0) return got;
      got.push(...batch);
    }
  }

  it('sends more than ten items and receives each with its key, group and receive count', async () => {
    const { q } = await queue();
    await q.send(items(23));
    const got = await q.receive(30, 30_000);
    expect(got.map((g) => g.key).sort()).toEqual(
      items(23)
        .map((i) => i.key)
        .sort(),
    );
    expect(got.every((g) => g.receiveCount === 1 && g.handle.length > 0)).toBe(true);
    expect(got.find((g) => g.key === '1000#2')?.group).toBe('ITEM-1');
    expect(await q.receive(10, 30_000)).toEqual([]);
  });

  it('deletes processed items and redelivers released ones with a higher receive count', async () => {
    const { q } = await queue(5);
    await q.send(items(2));
    const [a, b] = await q.receive(2, 30_000);
    await q.delete(a!.handle);
    await q.release(b!.handle, 0);
    const again = await q.receive(10, 30_000);
    expect(again.map((g) => g.key)).toEqual([b!.key]);
    expect(again[0]?.receiveCount).toBe(2);
  });

  it('dead-letters after the maximum receives, peeks without consuming, and redrives chosen keys', async () => {
    const { q } = await queue(1);
    await q.send(items(3));
    for (const w of await q.receive(10, 30_000)) await q.release(w.handle, 0);
    expect(await q.receive(10, 30_000)).toEqual([]);
    const dead = await q.deadLetters();
    expect(dead.map((d) => d.key).sort()).toEqual(['1000#1', '1000#2', '1000#3']);
    expect((await q.deadLetters()).length).toBe(3);

    expect(await q.redrive(['1000#2'])).toBe(1);
    const back = await q.receive(10, 30_000);
    expect(back.map((b) => b.key)).toEqual(['1000#2']);
    expect((await q.deadLetters()).map((d) => d.key).sort()).toEqual(['1000#1', '1000#3']);
    expect(await q.redrive([])).toBe(0);
  });

  it('redrives the whole dead-letter queue with a message move task', async () => {
    const { q, dlqUrl } = await queue(1);
    await q.send(items(2));
    for (const w of await q.receive(10, 30_000)) await q.release(w.handle, 0);
    expect(await q.receive(10, 30_000)).toEqual([]);
    expect(await q.redrive()).toBe(2);
    // The move task runs asynchronously; the emulator moves messages on a one-second tick.
    let got: Awaited<ReturnType<typeof drain>> = [];
    for (let i = 0; i < 50 && got.length < 2; i++) {
      got = got.concat(await q.receive(10, 30_000));
      if (got.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    expect(got.map((g) => g.key).sort()).toEqual(['1000#1', '1000#2']);
    const attrs = await aws.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(attrs.Attributes?.ApproximateNumberOfMessages).toBe('0');
    expect(await q.redrive()).toBe(0);
  });

  it('skips a message that is not a work item, leaving it to dead-letter', async () => {
    const { q, queueUrl } = await queue(1);
    await aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'not json' }));
    await q.send(items(1));
    const got = await drain(q);
    expect(got.map((g) => g.key)).toEqual(['1000#1']);
  });
});
