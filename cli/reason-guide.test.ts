import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FLAG_REASONS } from '../shared/domain/index.ts';
import { REASON_GUIDE } from './reason-guide.ts';

const RUNBOOK = readFileSync(fileURLToPath(new URL('../docs/operations.md', import.meta.url)), 'utf8');

describe('reason codes', () => {
  it('every flag reason has guidance in the CLI and a row in docs/operations.md', () => {
    for (const reason of FLAG_REASONS) {
      expect(REASON_GUIDE[reason], reason).toBeDefined();
      expect(RUNBOOK, `docs/operations.md lacks ${reason}`).toMatch(new RegExp(`\\| \`${reason}\` \\|`));
    }
  });

  it('the runbook covers the exit codes and the operator tasks', () => {
    for (const heading of [
      'Reviewing flagged lines',
      'Resolving a line',
      'Replaying',
      'Lines in doubt',
      'Reconciling',
      'Credentials and rotating them',
      'Exit codes',
      'Logs',
    ]) {
      expect(RUNBOOK).toContain(`## ${heading}`);
    }
  });
});
