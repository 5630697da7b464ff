/**
 * Reads Integration Broker's `IBResponse` answer: `type="success"` with a `TransactionID` when an
 * asynchronous message was accepted, `type="error"` with `MessageSet`/`MessageID`/`DefaultMessage`
 * otherwise. Found anywhere in the body, so a SOAP Fault wrapping it is read too.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type IbResponse =
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
  return {
    type: 'error',
    statusCode,
    messageSet: leaf(r.MessageSet),
    messageId: leaf(r.MessageID),
    message,
  };
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
