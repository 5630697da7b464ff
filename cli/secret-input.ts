/**
 * Reads a secret value without it ever being an argument (which `ps` and shell history would show):
 * from a prompt with echo off on a terminal, or from standard input when it is piped.
 */
import { UsageError } from './cli-errors.ts';

type Input = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** Reads one secret: prompt with echo off on a TTY, else all of stdin (one trailing newline removed). */
export async function readSecret(
  stdin: Input,
  prompt: NodeJS.WritableStream,
  label: string,
): Promise<string> {
  const value =
    stdin.isTTY && stdin.setRawMode ? await promptHidden(stdin, prompt, label) : await readAll(stdin);
  if (value === '') throw new UsageError(`no value given for ${label}`);
  return value;
}

async function readAll(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function promptHidden(stdin: Input, out: NodeJS.WritableStream, label: string): Promise<string> {
  // Echo goes off before the prompt shows, so nothing typed after the prompt can ever be echoed.
  stdin.setRawMode!(true);
  out.write(`Value for ${label} (input hidden): `);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (err?: Error) => {
      stdin.setRawMode!(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      out.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new UsageError(`cancelled; ${label} was not changed`));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
