/**
 * Terminal presentation: colour (only on a terminal, never with --no-color or NO_COLOR), tables, ages,
 * and a one-line progress display that is silent when output is piped or JSON.
 */

export type Colour = 'red' | 'green' | 'yellow' | 'cyan' | 'dim' | 'bold';

const CODES: Record<Colour, [number, number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/** Paints text when colour is on. */
export type Paint = (colour: Colour, text: string) => string;

/** A painter: ANSI colours when `enabled`, plain text otherwise. */
export function painter(enabled: boolean): Paint {
  if (!enabled) return (_c, t) => t;
  return (c, t) => `\u001b[${CODES[c][0]}m${t}\u001b[${CODES[c][1]}m`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\u001b\[[0-9;]*m/g;

/** Visible width of a string (ANSI escapes do not count). */
function visibleWidth(s: string): number {
  return s.replace(ANSI, '').length;
}

/** Renders rows as an aligned table; the last column is never padded (long sentences wrap naturally). */
export function table(header: string[], rows: string[][], paint: Paint = painter(false)): string {
  const widths = header.map((h, i) =>
    Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - visibleWidth(c))))
      .join('  ')
      .trimEnd();
  return [paint('bold', line(header)), ...rows.map(line)].join('\n');
}

/** A human age: `45s`, `12m`, `3h`, `2d`. */
export function age(fromMs: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - fromMs) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** Shows a changing status line on a terminal; does nothing when disabled. */
export class Progress {
  private last = '';
  private shown = false;
  private writtenAt = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly enabled: boolean,
  ) {}

  /** The text cut to the terminal's width, so the line never wraps (a wrapped line is not overwritten). */
  private fitted(text: string): string {
    const columns = (this.stream as { columns?: number }).columns;
    if (!columns || columns < 10 || text.length < columns) return text;
    return `${text.slice(0, columns - 2)}…`;
  }

  /** Replaces the status line (at most ten times a second: a slow terminal must not slow the work). */
  update(text: string): void {
    if (!this.enabled || text === this.last) return;
    const now = Date.now();
    if (this.shown && now - this.writtenAt < 100) return;
    this.last = text;
    this.shown = true;
    this.writtenAt = now;
    this.stream.write(`\r\u001b[2K${this.fitted(text)}`);
  }

  /** Clears the status line so normal output can follow. */
  done(): void {
    if (!this.enabled || !this.shown) return;
    this.stream.write('\r\u001b[2K');
    this.shown = false;
    this.last = '';
  }
}
