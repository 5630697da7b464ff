/**
 * Lines whose item another worker holds. Waiting for that worker is not a failure: such a line is put back
 * for a short, jittered delay without using up an attempt, so a busy day never fills the dead-letter queue.
 * After `orders.maxBusyRetries` waits a line's waits count as attempts again (an item lease always expires,
 * so this only bounds a worker that holds an item far longer than any batch takes).
 */
import type { EngineSettings } from './engine-settings.ts';
import type { WorkItem } from '../ports.ts';

/** How long a line waiting for a busy item stays hidden: `orders.busyRetrySeconds`, plus as much at random. */
export function busyDelayMs(
  config: Pick<EngineSettings, 'orders'>,
  random: () => number = Math.random,
): number {
  const base = config.orders.busyRetrySeconds * 1000;
  return Math.round(base + base * random());
}

/** Whether a line waiting for a busy item may be put back once more without counting an attempt. */
export function mayPostpone(config: Pick<EngineSettings, 'orders'>, item: WorkItem): boolean {
  return (item.postponed ?? 0) < config.orders.maxBusyRetries;
}
