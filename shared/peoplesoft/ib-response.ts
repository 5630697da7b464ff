/**
 * Reads Integration Broker's `IBResponse` answer: `type="success"` with a `TransactionID` when an
 * asynchronous message was accepted, `type="error"` with `MessageSet`/`MessageID`/`DefaultMessage`
 * otherwise. Found anywhere in the body, so a SOAP Fault wrapping it is read too.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

type IbResponse =
  | { type: 'success'; transactionId?: string; statusCode?: string }
  | { type: 'error'; statusCode?: string; messageSet?: string; messageId?: string; message: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  removeNSPrefix: true,
  processEntities: true,
});

/** Parses an IBResponse body; undefined when the body is not XML holding an IBResponse. */
export function parseIbResponse(body: string): IbResponse | undefined {
  const text = body.trim();
  if (!text.startsWith('<') || !/IBResponse/i.test(text)) return undefined;
  if (XMLValidator.validate(text) !== true) return undefined;
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return undefined;
  }
  const node = findNode(doc, 'IBResponse', 0);
  if (!node || typeof node !== 'object') return undefined;
  const r = node as Record<string, unknown>;
  const statusCode = leaf(r.StatusCode);
  const type = String(r['@_type'] ?? '').toLowerCase();
  const transactionId = leaf(r.TransactionID) ?? leaf(r.TransactionId);
  const isSuccess =
    type === 'success' || (type === '' && (statusCode === '0' || transactionId !== undefined));
  if (isSuccess) return { type: 'success', transactionId, statusCode };
  const message =
    leaf(r.DefaultMessage) ??
    leaf(r.DefaultTitle) ??
    `Integration Broker error (status ${statusCode ?? '?'})`;
  const fromText = messageNumbers(message);
  return {
    type: 'error',
    statusCode,
    messageSet: leaf(r.MessageSet) ?? fromText?.messageSet,
    messageId: leaf(r.MessageID) ?? fromText?.messageId,
    message,
  };
}

/** PeopleSoft quotes a message catalog entry as `(158,45)` in its texts: the message set and number. */
function messageNumbers(text: string): { messageSet: string; messageId: string } | undefined {
  const m = /\((\d{1,5}),\s*(\d{1,5})\)/.exec(text);
  return m ? { messageSet: m[1]!, messageId: m[2]! } : undefined;
}

/** What a PeopleSoft error body says: an IBResponse error, or a SOAP Fault (e.g. before the handler ran). */
interface PeopleSoftFailure {
  message: string;
  messageSet?: string;
  messageId?: string;
}

/** The error an IBResponse or SOAP Fault body carries; undefined for any other body. */
export function peopleSoftFailure(body: string): PeopleSoftFailure | undefined {
  const ib = parseIbResponse(body);
  if (ib?.type === 'error')
    return { message: ib.message, messageSet: ib.messageSet, messageId: ib.messageId };
  const text = body.trim();
  if (!text.startsWith('<') || !/Fault/.test(text) || XMLValidator.validate(text) !== true) return undefined;
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return undefined;
  }
  const fault = findNode(doc, 'Fault', 0) as Record<string, unknown> | undefined;
  if (!fault || typeof fault !== 'object') return undefined;
  const reason = fault.Reason as Record<string, unknown> | undefined;
  const message =
    leaf(fault.faultstring) ?? leaf(reason?.Text) ?? leaf(fault.detail) ?? 'SOAP Fault without a message';
  return { message, ...messageNumbers(message) };
}

/**
 * True for a failure that refuses the caller's credentials: PeopleTools answers those with HTTP 500 before
 * any handler runs (e.g. "(158,45)" when the password failed). Retrying or splitting a query cannot help.
 */
export function isCredentialFailure(f: PeopleSoftFailure): boolean {
  if (f.messageSet === '158' && (f.messageId === '45' || f.messageId === '46')) return true;
  return /password|authentication (failed|error)|not authori[sz]ed|invalid (user|credentials)|user ?id .*(invalid|locked)/i.test(
    f.message,
  );
}

function findNode(value: unknown, name: string, depth: number): unknown {
  if (!value || typeof value !== 'object' || depth > 8) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key === name) return Array.isArray(child) ? child[0] : child;
    const found = findNode(child, name, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function leaf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') {
    const t = (value as Record<string, unknown>)['#text'];
    return t === undefined ? undefined : String(t).trim() || undefined;
  }
  const s = String(value).trim();
  return s === '' ? undefined : s;
}
