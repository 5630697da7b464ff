/** Renders benchmark rows as one plain-text table (and its notes underneath). */
import type { BenchRow } from './measure.ts';

const HEADERS = ['benchmark', 'size', 'wall', 'throughput', 'peak RSS', 'heap Δ'];

function wall(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`;
}

function mb(n: number, signed = false): string {
  if (!Number.isFinite(n)) return '-';
  const text = `${n.toFixed(1)} MB`;
  return signed && n >= 0 ? `+${text}` : text;
}

/** The table as text: one line per row, columns padded; notes follow as a numbered list. */
export function renderTable(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.name,
    r.size,
    wall(r.wallMs),
    r.throughput,
    mb(r.peakRssMb),
    mb(r.heapDeltaMb, true),
  ]);
  const out = [renderGrid(HEADERS, cells, 2)];
  const notes = rows.filter((r) => r.notes);
  if (notes.length > 0) {
    out.push('');
    for (const r of notes) out.push(`* ${r.name}: ${r.notes}`);
  }
  return out.join('\n');
}

/** Plain columns padded to their widest cell; columns from `rightFrom` on are right-aligned. */
export function renderGrid(headers: string[], rows: string[][], rightFrom: number): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i >= rightFrom ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
