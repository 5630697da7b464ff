/**
 * How the sandbox gateway answers one EIP post: an IBResponse error for a refused message, a Ping
 * answer, an injected IBResponse error with HTTP 200 (nothing staged), or staging followed by a success
 * answer — or by a dropped socket when a lost response is due.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Clock } from '../../shared/ports.ts';
import { type EipSettings, readEipRequest } from './eip-handler.ts';
import { ibError, ibSuccess, sendXml } from './gateway-responses.ts';
import type { PeopleSoftData } from './sandbox-data.ts';
import type { SandboxFaults } from './sandbox-faults.ts';

interface EipAnswerContext {
  settings: EipSettings;
  data: PeopleSoftData;
  faults: SandboxFaults;
  clock: Clock;
  /** The TransactionID of the next accepted message. */
  nextTransactionId(operation: string): string;
}

interface EipOutcome {
  status: number;
  operation: string;
  references?: string[];
  lost?: boolean;
}

/** Answers a post whose auth and server faults were already handled. */
export function answerEipPost(
  res: ServerResponse,
  headers: IncomingHttpHeaders,
  body: string,
  ctx: EipAnswerContext,
): EipOutcome {
  const request = readEipRequest(headers, body, ctx.settings);
  const { operation } = request;
  if (request.kind === 'refused') {
    sendXml(res, 400, ibError({ messageSet: 158, messageId: 10500, message: request.message }));
    return { status: 400, operation };
  }
  if (request.kind === 'ping') {
    sendXml(res, 200, ibSuccess(`${ctx.settings.node}.${operation}.PING`));
    return { status: 200, operation };
  }
  const references = request.drafts.map((d) => d.reference);
  const rejected = ctx.faults.takeIbError(references);
  if (rejected) {
    // Integration Broker answers some errors with HTTP 200: nothing is staged.
    sendXml(res, 200, ibError(rejected));
    return { status: 200, operation, references };
  }
  const transactionId = ctx.nextTransactionId(operation);
  const stagedAt = ctx.clock.now();
  for (const draft of request.drafts) ctx.data.stage({ ...draft, transactionId, stagedAt });
  if (ctx.faults.takeLost('post')) {
    res.socket?.destroy();
    return { status: 0, operation, references, lost: true };
  }
  sendXml(res, 200, ibSuccess(transactionId));
  return { status: 200, operation, references };
}
