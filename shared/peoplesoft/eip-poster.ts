/**
 * Posts asynchronous EIP messages to the HTTP listening connector and turns each answer into one outcome
 * per transaction. Posts are not idempotent: after a maybe-delivered network error or a 5xx the message is
 * never sent again and its transactions are `in-doubt` (the receipt-status query settles them later).
 */
import type { PostOutcome } from '../domain/index.ts';
import { NetworkError } from '../http/index.ts';
import type { Log } from '../ports.ts';
import { parseIbResponse } from './ib-response.ts';
import { PeopleSoftResponseError, snippet } from './peoplesoft-errors.ts';
import type { PeopleSoftTransport } from './peoplesoft-transport.ts';

type EipOperation = 'PURCHASE_ORDER_RECEIPT.VERSION_1' | 'INVENTORY_ADJUSTMENT.VERSION_1';

interface EipPosterSettings {
  httpListenerUrl: string;
  /** PeopleSoft's default local node (`To`). */
  node: string;
  /** ml-connector's external node (`From`). */
  externalNode: string;
  batchSize: number;
  /** Messages in flight at once after the first one has been answered. */
  maxConcurrent: number;
}

interface EipBatch<T> {
  operation: EipOperation;
  items: T[];
  reference(item: T): string;
  /** Problems that keep an item from being posted (each names the field); empty when it is fine. */
  problems(item: T): string[];
  build(items: T[]): string;
}

export class EipPoster {
  constructor(
    private readonly transport: PeopleSoftTransport,
    private readonly settings: EipPosterSettings,
    private readonly log: Log,
  ) {}

  /**
   * Posts the items in messages of `batchSize`, `maxConcurrent` at a time once the first was answered;
   * returns one outcome per item, in order.
   */
  async post<T>(batch: EipBatch<T>): Promise<PostOutcome[]> {
    const outcomes: (PostOutcome | undefined)[] = batch.items.map(() => undefined);
    const ready: number[] = [];
    batch.items.forEach((item, i) => {
      const problems = batch.problems(item);
      if (problems.length === 0) ready.push(i);
      else {
        outcomes[i] = {
          kind: 'rejected',
          message: `${batch.operation} ${batch.reference(item) || `#${i + 1}`} was not sent: ${problems.join('; ')}`,
        };
      }
    });
    const messages: number[][] = [];
    for (let start = 0; start < ready.length; start += this.settings.batchSize)
      messages.push(ready.slice(start, start + this.settings.batchSize));
    const postOne = async (indexes: number[], answered: boolean) => {
      let outcome: PostOutcome;
      try {
        outcome = await this.send(batch.operation, batch.build(indexes.map((i) => batch.items[i] as T)));
      } catch (e) {
        // Nothing reached PeopleSoft (refused, 401/403, wrong URL). Before any answer, the caller
        // can simply try again later; once some message was staged, the rest must be settled by status.
        if (!answered) throw e;
        outcome = {
          kind: 'in-doubt',
          message: `not confirmed: ${(e as Error).message}; the receipt-status query settles it before any new post`,
        };
      }
      for (const i of indexes) outcomes[i] = outcome;
      this.log.info('peoplesoft eip posted', {
        operation: batch.operation,
        transactions: indexes.length,
        outcome: outcome.kind,
      });
    };
    // The first message alone: if the site refuses it, nothing was sent and the whole post can be retried.
    const [first, ...rest] = messages;
    if (first) await postOne(first, false);
    let next = 0;
    const worker = async () => {
      while (next < rest.length) await postOne(rest[next++]!, true);
    };
    await Promise.all(Array.from({ length: Math.min(this.settings.maxConcurrent, rest.length) }, worker));
    return outcomes.map((o) => o ?? { kind: 'in-doubt', message: 'not posted' });
  }

  private async send(operation: EipOperation, xml: string): Promise<PostOutcome> {
    const endpoint = `HttpListeningConnector ${operation}`;
    let res: Response;
    try {
      res = await this.transport.send(
        endpoint,
        {
          url: this.settings.httpListenerUrl,
          method: 'POST',
          headers: {
            OperationName: operation,
            OperationType: 'async',
            From: this.settings.externalNode,
            To: this.settings.node,
            'Content-Type': 'text/xml',
          },
          body: xml,
        },
        { idempotent: false },
      );
    } catch (e) {
      if (e instanceof NetworkError && e.maybeDelivered) {
        return { kind: 'in-doubt', message: `no answer from PeopleSoft to ${operation}: ${e.message}` };
      }
      throw e;
    }
    const body = await res.text();
    if (res.status >= 500) {
      const ib = parseIbResponse(body);
      return {
        kind: 'in-doubt',
        message: `PeopleSoft answered HTTP ${res.status} to ${operation} (${ib?.type === 'error' ? ib.message : snippet(body) || 'no details'}); it may or may not have been staged`,
      };
    }
    const ib = parseIbResponse(body);
    if (ib?.type === 'error') {
      return {
        kind: 'rejected',
        messageSet: ib.messageSet,
        messageId: ib.messageId,
        message: ib.message,
      };
    }
    if (ib?.type === 'success' && res.ok) {
      if (ib.transactionId) return { kind: 'staged', transactionId: ib.transactionId };
      return {
        kind: 'in-doubt',
        message: `PeopleSoft accepted ${operation} without a TransactionID; the receipt-status query settles it`,
      };
    }
    if (res.ok) {
      const what =
        body.trim() === '' ? 'an empty body' : `a page that is not an IBResponse: ${snippet(body)}`;
      return {
        kind: 'in-doubt',
        message: `PeopleSoft answered ${operation} with ${what} (HTTP ${res.status})`,
      };
    }
    // A 4xx without an IBResponse is the web server refusing the request (wrong URL, bad request).
    throw new PeopleSoftResponseError(
      endpoint,
      res.status,
      `PeopleSoft answered HTTP ${res.status} to ${operation}: ${snippet(body) || 'no details'}; check peoplesoft.httpListenerUrl and that the service operation is active`,
    );
  }
}
