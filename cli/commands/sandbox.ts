import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EXIT, UsageError } from '../cli-errors.ts';
import { parseWholeNumber, stringOption } from '../cli-values.ts';
import type { Command } from '../command.ts';
import { startSandboxPair } from '../sandbox-pair.ts';
import { nextStopSignal } from '../signals.ts';

const NAME = 'sandbox';

/** `sandbox`: both simulators on loopback with the scenario world, a ready config file, until Ctrl-C. */
export const command: Command = {
  name: NAME,
  summary: 'run the Walmart and PeopleSoft sandboxes on loopback with seeded data (until Ctrl-C)',
  description: [
    'Both simulators are seeded with the same scenario world (orders whose lines hit every matching',
    'outcome). A ready config file is written (default ./ml-connector.sandbox.config.json) and the',
    "sandboxes' dummy credentials are printed as export lines, so in another terminal you can run",
    '`ml-connector sync`, `audit list`, `resolve`, `replay` and `reconcile` against them.',
  ].join('\n'),
  options: {
    'port-walmart': {
      type: 'string',
      placeholder: 'N',
      description: 'Walmart sandbox port (default: a free one)',
    },
    'port-peoplesoft': {
      type: 'string',
      placeholder: 'N',
      description: 'PeopleSoft sandbox port (default: a free one)',
    },
    'write-config': {
      type: 'string',
      placeholder: 'FILE',
      description: 'where to write the config (default ./ml-connector.sandbox.config.json)',
    },
    'batch-load-every': {
      type: 'string',
      placeholder: 'SECONDS',
      description: "run PeopleSoft's receipt batch load this often (default 30; 0 = only on request)",
    },
  },
  positionals: [],
  async run(ctx, { values }) {
    const port = (name: string) => {
      const v = stringOption(values, name);
      return v === undefined ? 0 : parseWholeNumber(v, `--${name}`, 0, NAME);
    };
    const every = stringOption(values, 'batch-load-every');
    const batchSeconds = every === undefined ? 30 : parseWholeNumber(every, '--batch-load-every', 0, NAME);
    const configPath = resolve(
      ctx.io.cwd,
      stringOption(values, 'write-config') ?? 'ml-connector.sandbox.config.json',
    );
    const walmartPort = port('port-walmart');
    const peoplesoftPort = port('port-peoplesoft');
    const pair = await startSandboxPair({
      walmartPort,
      peoplesoftPort,
      ...(batchSeconds > 0 ? { batchLoadEveryMs: batchSeconds * 1000 } : {}),
    }).catch((e: NodeJS.ErrnoException & { port?: number }) => {
      if (e.code !== 'EADDRINUSE') throw e;
      const flag = e.port === walmartPort ? '--port-walmart' : '--port-peoplesoft';
      throw new UsageError(
        `port ${e.port} on 127.0.0.1 is in use (another program, or a sandbox already running); stop it, or pass another ${flag} (leave it out for a free port)`,
        NAME,
      );
    });
    const stop = nextStopSignal();
    try {
      const config = pair.configInput(join(dirname(configPath), 'ml-connector.sandbox.sqlite'));
      writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
      const p = ctx.paint;
      ctx.print(p('bold', 'Sandboxes running on loopback (Ctrl-C to stop):'));
      ctx.print(`  Walmart Marketplace  ${pair.walmart.url}`);
      ctx.print(`  PeopleSoft REST      ${pair.peoplesoft.restBaseUrl}`);
      ctx.print(`  PeopleSoft HTTP      ${pair.peoplesoft.httpListenerUrl}`);
      ctx.print(
        `  PeopleSoft control   ${pair.peoplesoft.url}/__sandbox/state  (POST …/__sandbox/batch-load runs the Receive Load)`,
      );
      ctx.print('');
      ctx.print(`Config written to ${configPath}.`);
      ctx.print(
        batchSeconds > 0
          ? `PeopleSoft's batch load runs every ${batchSeconds} s, so posted receipts become RECEIPTED after a later sync.`
          : 'PeopleSoft loads receipts only when asked: POST …/__sandbox/batch-load.',
      );
      ctx.print('');
      ctx.print("In another terminal (these are the sandbox's own dummy credentials):");
      ctx.print(`  export ML_CONNECTOR_CONFIG=${configPath}`);
      // The sandbox's own dummy values, written past the masking: they are no one's secret and the point is to show them.
      for (const [k, v] of Object.entries(pair.env)) ctx.io.stdout.write(`  export ${k}=${v}\n`);
      ctx.print('  ml-connector ping && ml-connector sync && ml-connector audit list');
      const signal = await stop.signal;
      ctx.note(`\n${signal}: stopping the sandboxes.`);
      return EXIT.OK;
    } finally {
      stop.cancel();
      await pair.close();
    }
  },
};
