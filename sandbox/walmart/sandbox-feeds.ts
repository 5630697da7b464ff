/**
 * The sandbox's bulk inventory feeds: multipart upload (`POST /v3/feeds?feedType=inventory`, part `file`),
 * then asynchronous processing RECEIVED → INPROGRESS → PROCESSED / ERROR, evaluated lazily against the clock
 * (no timers, so a manual clock drives it). Each item's outcome is fixed at upload: unknown SKUs and items
 * named in the knobs fail; the rest update the inventory when the feed finishes.
 */
import type { Clock } from '../../shared/ports.ts';
import { checkInventoryFeedFile } from './feed-file-check.ts';
import type { SandboxAnswer } from './sandbox-auth.ts';
import { invalidParam, notFound, serviceError } from './sandbox-errors.ts';
import { hex } from '../seeded-random.ts';

const FEED_API = 'GMP_FEED_API';

type FeedItemOutcome = 'SUCCESS' | 'DATA_ERROR' | 'SYSTEM_ERROR' | 'TIMEOUT_ERROR';

interface SandboxFeedItem {
  index: number;
  sku: string;
  amount: number;
  outcome: FeedItemOutcome;
  error?: { type: Exclude<FeedItemOutcome, 'SUCCESS'>; code: string; description: string };
}

export interface SandboxFeed {
  feedId: string;
  feedType: 'inventory';
  submittedAt: number;
  /** When processing finishes (epoch ms). */
  doneAt: number;
  /** The uploaded file, as received. */
  file: string;
  items: SandboxFeedItem[];
  /** Whole-file failure: the feed ends in ERROR with no items. */
  fileError?: { type: 'DATA_ERROR'; code: string; description: string };
  /** Whether finished items were applied to the inventory. */
  applied: boolean;
}

interface SandboxFeedsOptions {
  clock: Clock;
  random: () => number;
  inventory: Map<string, number>;
  processingMs: () => number;
  /** Items to fail by SKU, as set in the knobs when the feed is uploaded. */
  failures: () => Record<string, Exclude<FeedItemOutcome, 'SUCCESS'>>;
  maxFileBytes: () => number;
}

const ERROR_CODES: Record<Exclude<FeedItemOutcome, 'SUCCESS'>, [string, string]> = {
  DATA_ERROR: ['INVALID_REQUEST_CONTENT.GMP_INVENTORY_API', 'The item data was rejected'],
  SYSTEM_ERROR: ['SYSTEM_ERROR.GMP_INVENTORY_API', 'Internal system error while updating the item; retry it'],
  TIMEOUT_ERROR: ['DOWNSTREAM_SYSTEM_TIME_OUT.GMP_INVENTORY_API', 'The item update timed out; retry it'],
};

/** The feeds of the sandbox, by id. */
export class SandboxFeeds {
  readonly feeds = new Map<string, SandboxFeed>();

  constructor(private readonly options: SandboxFeedsOptions) {}

  /** Status of a feed now. */
  statusOf(feed: SandboxFeed): 'RECEIVED' | 'INPROGRESS' | 'PROCESSED' | 'ERROR' {
    const now = this.options.clock.now();
    if (now >= feed.doneAt) return feed.fileError ? 'ERROR' : 'PROCESSED';
    return now < feed.submittedAt + (feed.doneAt - feed.submittedAt) / 3 ? 'RECEIVED' : 'INPROGRESS';
  }

  /** Applies every finished feed's successful items to the inventory (once each). */
  settle(): void {
    for (const feed of this.feeds.values()) {
      if (feed.applied || this.statusOf(feed) !== 'PROCESSED') continue;
      for (const item of feed.items) {
        if (item.outcome === 'SUCCESS') this.options.inventory.set(item.sku, item.amount);
      }
      feed.applied = true;
    }
  }

  /** `POST /v3/feeds?feedType=…` with the raw multipart body. */
  async submit(query: URLSearchParams, contentType: string, body: Buffer): Promise<SandboxAnswer> {
    const feedType = query.get('feedType');
    if (feedType !== 'inventory') {
      return invalidParam(
        FEED_API,
        'feedType',
        `feedType must be inventory in the sandbox (got ${feedType ?? 'none'})`,
      );
    }
    if (!/^multipart\/form-data/i.test(contentType)) {
      return serviceError(415, {
        code: `UNSUPPORTED_MEDIA_TYPE.${FEED_API}`,
        field: 'Content-Type',
        description: 'Upload the feed as multipart/form-data with one part named file',
      });
    }
    if (body.length > this.options.maxFileBytes()) {
      return serviceError(413, {
        code: `REQUEST_ENTITY_TOO_LARGE.${FEED_API}`,
        field: 'file',
        description: `The feed file is larger than ${this.options.maxFileBytes()} bytes`,
      });
    }
    let file: string;
    try {
      const form = await new Request('http://sandbox.invalid/v3/feeds', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: new Uint8Array(body),
      }).formData();
      const part = form.get('file');
      if (part === null) {
        return serviceError(400, {
          code: `INVALID_REQUEST_CONTENT.${FEED_API}`,
          field: 'file',
          description: 'The multipart body has no part named file',
        });
      }
      file = typeof part === 'string' ? part : await part.text();
    } catch {
      return serviceError(400, {
        code: `MALFORMED_REQUEST_CONTENT.${FEED_API}`,
        field: 'file',
        description: 'The multipart body could not be read',
      });
    }
    const now = this.options.clock.now();
    const feedId = `${hex(this.options.random, 32)}@${base64ish(this.options.random, 7)}`;
    const feed: SandboxFeed = {
      feedId,
      feedType: 'inventory',
      submittedAt: now,
      doneAt: now + Math.max(0, this.options.processingMs()),
      file,
      items: [],
      applied: false,
    };
    const check = checkInventoryFeedFile(file);
    if (!check.ok) {
      feed.fileError = {
        type: 'DATA_ERROR',
        code: 'ERR_PDI_0001',
        description: `Malformed feed file: ${check.problem}`,
      };
    } else {
      const failures = this.options.failures();
      feed.items = check.items.map((it, index): SandboxFeedItem => {
        const forced = failures[it.sku];
        const outcome: FeedItemOutcome = !this.options.inventory.has(it.sku)
          ? 'DATA_ERROR'
          : (forced ?? 'SUCCESS');
        if (outcome === 'SUCCESS') return { index, sku: it.sku, amount: it.amount, outcome };
        const [code, description] = this.options.inventory.has(it.sku)
          ? ERROR_CODES[outcome]
          : ['CONTENT_NOT_FOUND.GMP_INVENTORY_API', `Item not found for SKU ${it.sku}`];
        return {
          index,
          sku: it.sku,
          amount: it.amount,
          outcome,
          error: { type: outcome, code, description },
        };
      });
    }
    this.feeds.set(feedId, feed);
    return { status: 200, body: { feedId, additionalAttributes: null, errors: null } };
  }

  /** `GET /v3/feeds/{feedId}?includeDetails=&offset=&limit=`. */
  status(feedId: string, query: URLSearchParams): SandboxAnswer {
    this.settle();
    const feed = this.feeds.get(feedId);
    if (!feed) return notFound(FEED_API, `Feed ${feedId} not found`, 'feedId');
    const details = query.get('includeDetails') === 'true';
    const offset = Number(query.get('offset') ?? '0');
    const limit = Number(query.get('limit') ?? '50');
    if (!Number.isInteger(offset) || offset < 0)
      return invalidParam(FEED_API, 'offset', 'offset must be a whole number');
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      return invalidParam(FEED_API, 'limit', 'limit must be a whole number from 1 to 50');
    }
    const status = this.statusOf(feed);
    const done = status === 'PROCESSED' || status === 'ERROR';
    const failed = done ? feed.items.filter((i) => i.outcome !== 'SUCCESS').length : 0;
    const body: Record<string, unknown> = {
      feedId,
      feedStatus: status,
      feedSubmissionDate: feed.submittedAt,
      ingestionErrors: { ingestionError: feed.fileError && done ? [feed.fileError] : null },
      itemsReceived: feed.items.length,
      itemsSucceeded: done ? feed.items.length - failed : 0,
      itemsFailed: failed,
      itemsProcessing: done ? 0 : feed.items.length,
      offset,
      limit,
    };
    if (details) {
      body.itemDetails = {
        itemIngestionStatus: feed.items.slice(offset, offset + limit).map((item) => ({
          martId: 0,
          sku: item.sku,
          index: item.index,
          ingestionStatus: done ? item.outcome : 'INPROGRESS',
          ingestionErrors: { ingestionError: done && item.error ? [item.error] : null },
        })),
      };
    }
    return { status: 200, body };
  }
}

function base64ish(random: () => number, n: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(random() * chars.length)];
  return s;
}
