/**
 * Measuring one benchmark: wall time, the process's peak RSS and the heap growth across the run (after a
 * full garbage collection on both ends, so what remains is what the code under test kept).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One row of the benchmark table. */
export interface BenchRow {
  name: string;
  /** What was processed, e.g. `10,000 lines / 5,000 schedules`. */
  size: string;
  wallMs: number;
  /** e.g. `12,345 lines/s`. */
  throughput: string;
  /** Peak resident set size, MB (process-wide high-water mark, or the child's for CLI runs). */
  peakRssMb: number;
  /** Heap used after the run minus before, MB (after GC). */
  heapDeltaMb: number;
  /** Anything else worth reading next to the numbers. */
  notes?: string;
}

setFlagsFromString('--expose-gc');
const gcFn = runInNewContext('gc') as (() => void) | undefined;

/** A full garbage collection (a no-op if the runtime refuses to expose it). */
export function collectGarbage(): void {
  gcFn?.();
  gcFn?.();
}

/** Heap used now, after a full collection, in MB. */
export function settledHeapMb(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 1_048_576;
}

/** Peak resident set size of this process so far, MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export interface Measured<T> {
  value: T;
  wallMs: number;
  heapDeltaMb: number;
  peakRssMb: number;
}

/** Runs `fn` once and measures it. */
export async function measure<T>(fn: () => Promise<T> | T): Promise<Measured<T>> {
  const heapBefore = settledHeapMb();
  const start = performance.now();
  const value = await fn();
  const wallMs = performance.now() - start;
  const heapAfter = settledHeapMb();
  return { value, wallMs, heapDeltaMb: heapAfter - heapBefore, peakRssMb: peakRssMb() };
}

/** `12345.6` → `12,346`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Items per second as `12,345 unit/s`. */
export function rate(count: number, wallMs: number, unit: string): string {
  return `${formatCount((count * 1000) / Math.max(wallMs, 0.001))} ${unit}/s`;
}
