import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toAuditListItem } from '../../shared/domain/index.ts';
import { runSyncCycle } from '../../shared/usecases/index.ts';
import { EXIT } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { stageErrorLines } from '../cycle-report.ts';
import { buildEmbeddedRuntime } from '../embedded-runtime.ts';
import { progressLine } from '../progress-ports.ts';
import { reasonGuide } from '../reason-guide.ts';
import { startSandboxPair } from '../sandbox-pair.ts';
import { table } from '../terminal.ts';

/** `demo`: sandboxes + one sync against a temporary store + a summary a newcomer understands. */
export const command: Command = {
  name: 'demo',
  summary: 'see it work: one full cycle against built-in simulators, explained (no setup needed)',
  description: [
    'Starts simulators of Walmart Marketplace and PeopleSoft on 127.0.0.1, seeded with orders whose lines hit',
    'every matching outcome, runs one sync against a temporary store, lets the PeopleSoft simulator run its',
    'batch load, runs a second pass that confirms the receipts, and explains what happened. Needs no config',
    'file and no credentials; touches no real system.',
  ].join('\n'),
  options: {},
  positionals: [],
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'ml-connector-demo-'));
    const pair = await startSandboxPair();
    try {
      const config = pair.config(join(dir, 'demo.sqlite'));
      ctx.useConfig(config);
      const sandboxCredentials = {
        walmart: async () => ({ clientId: pair.walmart.clientId, clientSecret: pair.walmart.clientSecret }),
        peoplesoft: async () => pair.peoplesoft.basicCredentials,
      };
      const runtime = buildEmbeddedRuntime({
        config,
        env: {},
        clock: ctx.io.clock,
        log: ctx.log,
        redactor: ctx.redactor,
        credentials: sandboxCredentials,
        ...(ctx.globals.json ? {} : { onProgress: (c) => ctx.progress.update(progressLine(c)) }),
      });
      try {
        const walmartBefore = new Map(pair.walmart.inventory);
        const first = await runSyncCycle(runtime.deps);
        ctx.progress.update('… PeopleSoft is running its batch load');
        const load = pair.peoplesoft.runBatchLoad();
        const second = await runSyncCycle(runtime.deps);
        ctx.progress.done();
        const lines = (await runtime.store.audit.list({})).sort((a, b) => a.key.localeCompare(b.key));
        const failed = [...first.stageErrors, ...second.stageErrors];
        if (ctx.globals.json) {
          ctx.json({
            firstPass: first.summary,
            batchLoad: load,
            secondPass: second.summary,
            lines: lines.map(toAuditListItem),
            walmartInventory: Object.fromEntries(pair.walmart.inventory),
            stageErrors: failed,
          });
          return failed.length ? EXIT.FAILED : EXIT.OK;
        }
        const p = ctx.paint;
        const say = (s = '') => ctx.print(s);
        const by = (status: string) => lines.filter((l) => l.status === status);
        say(
          p(
            'bold',
            'ml-connector demo: one full cycle against simulators of Walmart Marketplace and PeopleSoft',
          ),
        );
        say(p('dim', `(both run on 127.0.0.1 and stop when the demo ends; the store is a temporary file)`));
        say();
        const s1 = first.summary;
        say(
          `${p('bold', '1. Polled Walmart')}: ${s1.orders.polled} orders with ${s1.orders.lines} order lines.`,
        );
        say(
          `${p('bold', '2. Matched')} each line to an open PeopleSoft PO schedule by item and supplier: ` +
            `${s1.receipts.posted} matched, ${s1.flagged} flagged for review, ${s1.skipped} skipped.`,
        );
        say(
          `   Posted ${s1.receipts.posted} receipts against the matched POs and ${s1.adjustments.posted} inventory adjustments`,
        );
        say('   (every sale leaves stock, matched or not). PeopleSoft stages them for its batch load.');
        say(
          `${p('bold', '3. PeopleSoft loaded the receipts')}: its batch load (Receive Load) loaded ${load.receipts} receipts and ` +
            `${load.adjustments} adjustments${load.errors ? `, and refused ${load.errors}` : ''}.`,
        );
        say(
          `${p('bold', '4. Second pass')}: ${s1.receipts.confirmed + second.summary.receipts.confirmed} receipts confirmed as loaded → RECEIPTED.`,
        );
        say(
          `${p('bold', '5. Pushed stock to Walmart')} as max(0, QTY_AVAILABLE − safety stock ${config.inventory.safetyStock}): ` +
            `${s1.inventory.pushed} SKUs on the first pass (the first inventory cycle pushes every balance), ` +
            `${second.summary.inventory.pushed} on the second (balances the batch load changed).`,
        );
        say();
        const receipted = by('RECEIPTED');
        if (receipted.length) {
          say(
            p('green', `Receipted (${receipted.length}): the receipt is loaded in PeopleSoft against the PO`),
          );
          say(
            indent(
              table(
                ['ORDER LINE', 'SKU', 'QTY', 'PO SCHEDULE', 'VENDOR', 'PEOPLESOFT REFERENCE'],
                receipted.map((l) => [
                  l.key,
                  l.sku,
                  String(l.quantity),
                  l.poRef ?? '-',
                  l.vendorId ?? '-',
                  l.receipt?.reference ?? '-',
                ]),
                p,
              ),
            ),
          );
          say();
        }
        const waiting = lines.filter((l) => l.status === 'POSTED' || l.status === 'IN_DOUBT');
        if (waiting.length) {
          say(p('cyan', `Still waiting on PeopleSoft (${waiting.length}):`));
          for (const l of waiting) say(`  ${l.key}  ${l.status}  ${l.detail ?? ''}`);
          say();
        }
        const flagged = by('FLAGGED');
        if (flagged.length) {
          say(
            p(
              'red',
              `Flagged for review (${flagged.length}): no receipt posted; this is what the warehouse clerk reads`,
            ),
          );
          for (const l of flagged) {
            say(`  ${p('bold', l.reason ?? 'FLAGGED')}  ${l.key}  SKU ${l.sku} × ${l.quantity || '?'}`);
            say(`    ${l.detail ?? ''}`);
            if (l.adjustment?.state === 'REJECTED') {
              say(
                `    PeopleSoft also refused its inventory adjustment: ${l.adjustment.error?.message ?? 'no message'}`,
              );
            }
            const guide = reasonGuide(l.reason);
            if (guide) say(p('dim', `    To do: ${guide.action.replace(/KEY/g, `"${l.key}"`)}`));
          }
          say();
        }
        const skipped = by('SKIPPED');
        if (skipped.length) {
          say(p('dim', `Skipped (${skipped.length}): nothing to post`));
          for (const l of skipped) say(`  ${l.reason ?? ''}  ${l.key}  ${l.detail ?? ''}`);
          say();
        }
        const changes = [...pair.walmart.inventory].filter(([sku, q]) => walmartBefore.get(sku) !== q);
        if (changes.length) {
          say(p('bold', 'Walmart quantities set from PeopleSoft (before → now):'));
          for (const [sku, q] of changes)
            say(`  ${sku.padEnd(12)} ${String(walmartBefore.get(sku) ?? '-').padStart(4)} → ${q}`);
          const untouched = [...pair.walmart.inventory.keys()].filter(
            (k) => !pair.peoplesoft.balances().some((b) => b.itemId === k),
          );
          if (untouched.length)
            say(p('dim', `  (${untouched.join(', ')}: not a PeopleSoft item, left alone)`));
          say();
        }
        if (failed.length) {
          ctx.fail('Stages that failed:');
          for (const l of stageErrorLines(failed, p)) ctx.fail(l);
        }
        nextSteps(say, p, flagged.length > 0);
        return failed.length ? EXIT.FAILED : EXIT.OK;
      } finally {
        runtime.close();
      }
    } finally {
      await pair.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function nextSteps(
  say: (s?: string) => void,
  p: (c: 'bold', t: string) => string,
  anyFlagged: boolean,
): void {
  say(p('bold', 'What to try next'));
  say(
    '  ml-connector sandbox              keep both simulators running and get a ready config file; then, in',
  );
  say(
    '                                    another terminal: ml-connector sync, audit list --status FLAGGED,',
  );
  say(
    '                                    resolve "1796277083023#1" --po US001/0000079263/1/1, replay, reconcile',
  );
  if (anyFlagged)
    say(
      '  docs/operations.md                what each reason code means and how to resolve or replay a line',
    );
  say('  ml-connector config init          start a config for your own systems (docs/configuration.md),');
  say('                                    then secrets set, ping, sync --dry-run, sync, run');
}
