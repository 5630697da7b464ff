/**
 * The one check of a cron expression, used by the schema (so `config check`, `sync`, `run` and `cdk synth`
 * all refuse the same expressions): the scheduler `run` uses must accept it, with 5 or 6 fields.
 */
import { Cron } from 'croner';

/** Undefined for a usable expression, else what is wrong with it. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6)
    return `has ${fields.length} fields; a cron expression has 5 or 6, e.g. "*/15 * * * *"`;
  try {
    new Cron(expression, { paused: true }).stop();
    return undefined;
  } catch (e) {
    return `is not a valid cron expression (${(e as Error).message.replace(/^CronPattern: /, '')})`;
  }
}
