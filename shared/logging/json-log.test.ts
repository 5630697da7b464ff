import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSink, JsonLog, memorySink } from './json-log.ts';
import { MASK, Redactor } from './redactor.ts';

const clock = { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) };

describe('JsonLog', () => {
  it('writes one Powertools-shaped JSON line per event', () => {
    const sink = memorySink();
    const log = new JsonLog({ sink, clock, redactor: new Redactor() }).with({ correlation_id: 'c-1' });
    log.info('cycle finished', { polled: 3 });
    expect(sink.lines).toHaveLength(1);
    expect(sink.lines[0]?.endsWith('\n')).toBe(true);
    expect(JSON.parse(sink.lines[0]!)).toEqual({
      level: 'INFO',
      message: 'cycle finished',
      timestamp: '2026-01-02T03:04:05.000Z',
      service: 'ml-connector',
      correlation_id: 'c-1',
      polled: 3,
    });
  });

  it('drops lines under the threshold', () => {
    const sink = memorySink();
    const log = new JsonLog({ sink, level: 'WARN', redactor: new Redactor() });
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    expect(sink.lines.map((l) => JSON.parse(l).level)).toEqual(['WARN', 'ERROR']);
  });

  it('keeps reserved keys from being overwritten by fields', () => {
    const sink = memorySink();
    new JsonLog({ sink, redactor: new Redactor() }).info('real', { message: 'fake', level: 'x' });
    const line = JSON.parse(sink.lines[0]!);
    expect(line.message).toBe('real');
    expect(line.level).toBe('INFO');
    expect(line.fields).toEqual({ message: 'fake', level: 'x' });
  });

  it('formats errors with name and message', () => {
    const sink = memorySink();
    new JsonLog({ sink, redactor: new Redactor() }).error('failed', { error: new TypeError('bad thing') });
    expect(JSON.parse(sink.lines[0]!).error).toEqual({ name: 'TypeError', message: 'bad thing' });
  });

  it('masks secret values and secret-named fields everywhere', () => {
    const sink = memorySink();
    const redactor = Redactor.fromEnv({ WALMART_CLIENT_SECRET: 'wm-very-secret-value' });
    redactor.add('eyJaccess.token.value');
    const log = new JsonLog({ sink, redactor });
    log.warn('token eyJaccess.token.value rejected for wm-very-secret-value', {
      headers: { Authorization: 'Basic abcdef', 'WM_SEC.ACCESS_TOKEN': 'zzz-token' },
      detail: { nested: ['x wm-very-secret-value y'] },
      password: 'hunter22',
      error: new Error('secret wm-very-secret-value leaked'),
    });
    const text = sink.lines[0]!;
    expect(text).not.toContain('wm-very-secret-value');
    expect(text).not.toContain('eyJaccess.token.value');
    expect(text).not.toContain('abcdef');
    expect(text).not.toContain('zzz-token');
    expect(text).not.toContain('hunter22');
    const line = JSON.parse(text);
    expect(line.message).toBe(`token ${MASK} rejected for ${MASK}`);
    expect(line.detail.nested[0]).toBe(`x ${MASK} y`);
    expect(line.password).toBe(MASK);
  });

  it('appends to a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-log-'));
    const path = join(dir, 'logs', 'ml-connector.log');
    const sink = fileSink(path);
    const log = new JsonLog({ sink, redactor: new Redactor() });
    log.info('one');
    log.info('two');
    sink.close?.();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['one', 'two']);
  });
});

describe('Redactor', () => {
  it('ignores values too short to be secrets and masks the longest match first', () => {
    const r = new Redactor(['ab', 'secret-1', 'secret-1-longer']);
    expect(r.redactText('ab secret-1-longer secret-1')).toBe(`ab ${MASK} ${MASK}`);
    expect(r.contains('xx secret-1')).toBe(true);
  });
});

describe('JsonLog last guard', () => {
  it('masks token-looking text it was never told about', () => {
    const sink = memorySink();
    new JsonLog({ sink, redactor: new Redactor() }).warn('upstream said', {
      body: 'Authorization: Bearer abcdefghijklmnop',
    });
    expect(sink.lines[0]).not.toContain('abcdefghijklmnop');
  });
});
