/**
 * Generates docs/configuration.md from the zod schema, so the reference can never drift from what the
 * program accepts (a test compares the file with this output; `ml-connector config docs --write` updates it).
 */
import type { z } from 'zod';
import { configSchema } from '../../shared/config/index.ts';
import { exampleConfigText } from './config-example.ts';

/** One documented key. */
interface ConfigKeyDoc {
  key: string;
  type: string;
  /** JSON of the default, or `required` / `—` (optional without default). */
  defaultText: string;
  description: string;
}

type AnySchema = z.core.$ZodType & { description?: string };

interface Def {
  type: string;
  innerType?: AnySchema;
  defaultValue?: unknown;
  shape?: Record<string, AnySchema>;
  entries?: Record<string, string>;
  valueType?: AnySchema;
}

const def = (s: AnySchema) => s._zod.def as unknown as Def;

const SECTIONS: Record<string, string> = {
  walmart:
    'The Walmart Marketplace API. Credentials come from `WALMART_CLIENT_ID` / `WALMART_CLIENT_SECRET` or the local secret store, never from this file.',
  peoplesoft:
    'Your PeopleSoft Integration Gateway: URLs, business unit, the four public queries, the fields written into receipts and adjustments. Credentials: `PEOPLESOFT_USERNAME` / `PEOPLESOFT_PASSWORD` (basic) or `PEOPLESOFT_CLIENT_ID` / `PEOPLESOFT_CLIENT_SECRET` (oauth2), or the local secret store.',
  matching: 'How an order line finds its supplier and its open PO schedule.',
  orders: 'Polling of Walmart orders.',
  inventory: 'Pushing PeopleSoft availability to Walmart.',
  store:
    'The embedded runtime’s state: one SQLite file (audit trail, checkpoints, work queue, encrypted secrets).',
  schedule: 'When `ml-connector run` starts each cycle.',
};

/** Every leaf key of the schema with its type, default and description, in schema order. */
export function configKeyDocs(): ConfigKeyDoc[] {
  const out: ConfigKeyDoc[] = [];
  const visit = (
    schema: AnySchema,
    key: string,
    description: string | undefined,
    dflt: unknown,
    optional: boolean,
  ) => {
    const d = def(schema);
    const desc = description ?? schema.description;
    if (d.type === 'default') {
      visit(d.innerType!, key, desc, d.defaultValue, optional);
      return;
    }
    if (d.type === 'optional') {
      visit(d.innerType!, key, desc, dflt, true);
      return;
    }
    if (d.type === 'object' && d.shape) {
      for (const [k, v] of Object.entries(d.shape))
        visit(v, key ? `${key}.${k}` : k, undefined, undefined, false);
      return;
    }
    out.push({
      key,
      type: typeName(schema),
      defaultText: dflt !== undefined ? `\`${JSON.stringify(dflt)}\`` : optional ? '—' : '**required**',
      description: desc ?? '',
    });
  };
  visit(configSchema as unknown as AnySchema, '', undefined, undefined, false);
  return out;
}

function typeName(schema: AnySchema): string {
  const d = def(schema);
  const bag = (schema._zod as unknown as { bag: Record<string, unknown> }).bag ?? {};
  switch (d.type) {
    case 'string':
      return bag.minimum ? 'string (not empty)' : 'string';
    case 'number': {
      const base = bag.format === 'safeint' ? 'integer' : 'number';
      // Safe-integer bounds are implied by "integer"; only bounds the schema sets are worth showing.
      const shown = (n: unknown): n is number =>
        typeof n === 'number' && Math.abs(n) < Number.MAX_SAFE_INTEGER;
      const range = [
        shown(bag.exclusiveMinimum) ? `> ${bag.exclusiveMinimum}` : '',
        shown(bag.minimum) ? `≥ ${bag.minimum}` : '',
        shown(bag.maximum) ? `≤ ${bag.maximum}` : '',
      ].filter(Boolean);
      return range.length ? `${base} ${range.join(', ')}` : base;
    }
    case 'boolean':
      return 'boolean';
    case 'enum':
      return Object.values(d.entries ?? {})
        .map((v) => `\`"${v}"\``)
        .join(' | ');
    case 'record':
      // Show what each value may be (e.g. the three staging statuses), not just "string".
      return `object (string → ${d.valueType ? typeName(d.valueType) : 'string'})`;
    default:
      return d.type;
  }
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The whole of docs/configuration.md. */
export function renderConfigDocs(): string {
  const keys = configKeyDocs();
  const parts: string[] = [
    '# Configuration reference',
    '',
    '<!-- Generated from shared/config/config-schema.ts by `ml-connector config docs --write docs/configuration.md`. Do not edit by hand: a test fails when this file and the schema disagree. -->',
    '',
    'ml-connector reads one JSON file, `ml-connector.config.json`. It looks for it in this order:',
    '',
    '1. `--config FILE` on the command line;',
    '2. the `ML_CONNECTOR_CONFIG` environment variable;',
    '3. `ml-connector.config.json` in the current directory.',
    '',
    'The file is validated when any command starts. A mistake stops the command with exit code 2 and a',
    'message that names the key, what is wrong and how to fix it, for example',
    '`peoplesoft.restBaseUrl: uses plain http:// to the remote host erp.example.com; use https://`.',
    'Check a file without running anything with `ml-connector config check`; write a starting point with',
    '`ml-connector config init` (it writes the example below).',
    '',
    'Relative paths (`store.path`) are taken relative to the directory of the config file.',
    '',
    '**Credentials never go in this file.** Set them as environment variables or store them encrypted with',
    '`ml-connector secrets set NAME` (see docs/operations.md):',
    '',
    '| Variable | When |',
    '|---|---|',
    '| `WALMART_CLIENT_ID`, `WALMART_CLIENT_SECRET` | always |',
    '| `PEOPLESOFT_USERNAME`, `PEOPLESOFT_PASSWORD` | `peoplesoft.auth.type` = `"basic"` |',
    '| `PEOPLESOFT_CLIENT_ID`, `PEOPLESOFT_CLIENT_SECRET` | `peoplesoft.auth.type` = `"oauth2"` |',
    '| `ML_CONNECTOR_MASTER_KEY` | key of the encrypted local secret store, when you use it |',
    '',
    'An environment variable wins over the same name in the secret store.',
    '',
    '## Example',
    '',
    '```json',
    exampleConfigText().trimEnd(),
    '```',
    '',
    'Only `peoplesoft.restBaseUrl`, `peoplesoft.httpListenerUrl` and `peoplesoft.businessUnit` are required;',
    'every other key has the default listed below.',
    '',
  ];
  const sections = [...new Set(keys.map((k) => k.key.split('.')[0]!))];
  for (const section of sections) {
    parts.push(`## \`${section}\``, '');
    if (SECTIONS[section]) parts.push(SECTIONS[section], '');
    parts.push('| Key | Type | Default | Description |', '|---|---|---|---|');
    for (const k of keys.filter((x) => x.key.split('.')[0] === section)) {
      parts.push(`| \`${k.key}\` | ${esc(k.type)} | ${esc(k.defaultText)} | ${esc(k.description)} |`);
    }
    parts.push('');
  }
  parts.push(
    '## Values to confirm with your PeopleSoft team',
    '',
    'Some PeopleSoft values differ from site to site and are not fixed by Oracle’s documentation; they are',
    'configuration so that you can match your system without code changes:',
    '',
    '- `peoplesoft.receipt.transactionCode` — the `TRANSACTION_CODE` your PO Receipt EIP expects.',
    '- `peoplesoft.adjustment.*` — transaction code, reason code and the storage location sold units leave from.',
    '- `peoplesoft.node`, `peoplesoft.externalNode` — your default local node and the node defined for ml-connector.',
    '- `peoplesoft.queries.*` — the names you gave the four public queries (their definitions: docs/peoplesoft-setup.md).',
    '- `peoplesoft.timeZone` — the time zone PeopleSoft date-times are stored in.',
    '- `peoplesoft.maxRows` — the rows asked for per query call; a full answer makes ml-connector split the',
    '  window and ask again, so rows are never lost (the query profile limit to set is in docs/peoplesoft-setup.md).',
    '- `peoplesoft.auth.type` — `basic` works on every PeopleTools release; `oauth2` needs PeopleTools 8.58+',
    '  and an identity provider configured as an OAuth2 service application in PeopleSoft.',
    '- `peoplesoft.messageLayout` — only when the record or field names of your',
    '  `PURCHASE_ORDER_RECEIPT` or `INVENTORY_ADJUSTMENT` message differ from the delivered layout',
    '  (docs/peoplesoft-setup.md, section 4).',
    '- `peoplesoft.stageStatusCodes` — only when your `MLC_RECEIPT_STATUS` query returns the staging',
    '  status codes of your release instead of `PENDING` / `LOADED` / `ERROR`.',
    '- `peoplesoft.inDoubtGraceMinutes` — how long a post may still be on its way through your Integration',
    '  Broker before it is staged; raise it above the default (the larger of 15 minutes and twice',
    '  `peoplesoft.timeoutMs`) when your queues can hold messages longer.',
    '',
    '## Values to confirm for your Walmart account',
    '',
    'Walmart does not publish every limit and behaviour for every seller; these keys cover the ones that vary',
    '(details in docs/walmart-setup.md):',
    '',
    '- `walmart.rateLimits.*` — the defaults are the published production limits; set your seller-specific ones.',
    '- `walmart.maxOrdersPerQuery` — Walmart documents 10,000 in its guide and 20,000 in its spec.',
    '- `walmart.channelType` — only when onboarding gave you a `WM_CONSUMER.CHANNEL.TYPE`.',
    '- `walmart.basicAuthOnCalls` — only for accounts that still require the older Basic header on every call.',
    '',
  );
  return parts.join('\n');
}
