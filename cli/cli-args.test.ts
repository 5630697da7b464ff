import { describe, expect, it } from 'vitest';
import { parseCommandArgs, splitCommand } from './cli-args.ts';
import { UsageError } from './cli-errors.ts';
import { parseSince, parseStatus } from './cli-values.ts';
import { plain } from './test-support/run-cli.ts';
import { age, painter, table } from './terminal.ts';

const groups = new Set(['audit', 'secrets', 'config']);

describe('splitCommand', () => {
  it('finds command words around global flags and their values', () => {
    expect(splitCommand(['--config', 'x.json', 'audit', 'list', '--json'], groups)).toEqual({
      words: ['audit', 'list'],
      rest: ['--config', 'x.json', '--json'],
    });
    expect(splitCommand(['resolve', '1#1', '--po', 'A/B/1/1'], groups)).toEqual({
      words: ['resolve'],
      rest: ['1#1', '--po', 'A/B/1/1'],
    });
    expect(splitCommand(['--log-file', 'sync', 'sync'], groups).words).toEqual(['sync']);
  });
});

describe('parseCommandArgs', () => {
  it('accepts global flags anywhere and rejects unknown ones with the flag named', () => {
    const p = parseCommandArgs('sync', ['--json', '--dry-run', '-v'], {
      'dry-run': { type: 'boolean', description: '' },
    });
    expect(p.globals).toMatchObject({ json: true, verbose: true });
    expect(p.values['dry-run']).toBe(true);
    expect(() => parseCommandArgs('sync', ['--nope'], {})).toThrow(/^unknown option --nope$/);
    expect(() => parseCommandArgs('sync', ['--config'], {})).toThrow(/option --config needs a value/);
  });
});

describe('option values', () => {
  const now = Date.UTC(2026, 0, 10, 12);
  it('parses dates, date-times and ages', () => {
    expect(parseSince('2026-01-02', now, 'x')).toBe(Date.UTC(2026, 0, 2));
    expect(parseSince('2026-01-02T03:04:05Z', now, 'x')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(parseSince('12h', now, 'x')).toBe(now - 12 * 3_600_000);
    expect(parseSince('7d', now, 'x')).toBe(now - 7 * 86_400_000);
    expect(() => parseSince('last week', now, 'x')).toThrow(UsageError);
  });
  it('parses statuses case-insensitively', () => {
    expect(parseStatus('in-doubt', 'x')).toBe('IN_DOUBT');
    expect(() => parseStatus('done', 'x')).toThrow(/FLAGGED/);
  });
});

describe('terminal', () => {
  it('aligns tables by visible width, colour or not', () => {
    const p = painter(true);
    const t = table(
      ['A', 'B'],
      [
        [p('red', 'xx'), 'long text'],
        ['y', 'z'],
      ],
      p,
    );
    const lines = t.split('\n').map(plain);
    expect(lines).toEqual(['A   B', 'xx  long text', 'y   z']);
  });
  it('writes ages briefly', () => {
    expect(age(0, 30_000)).toBe('30s');
    expect(age(0, 3 * 3_600_000)).toBe('3h');
    expect(age(0, 2 * 86_400_000)).toBe('2d');
  });
});
