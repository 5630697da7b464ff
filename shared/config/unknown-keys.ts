/**
 * Keys a config file has that the schema does not know. A misspelt key would otherwise be dropped without a
 * word and its setting silently left at the default (`inventory.safetyStok` would mean safety stock 0 and
 * overselling), so each one is an error, with the nearest known key as a suggestion.
 */
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  in?: unknown;
}

const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } })?._zod?.def;

/** The object schema behind defaults, optionals and pipes; undefined for anything that is not an object. */
function objectShape(schema: unknown): Record<string, unknown> | undefined {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    const def = defOf(s);
    if (!def) return undefined;
    if (def.type === 'object') return def.shape;
    if (['default', 'optional', 'nullable', 'prefault', 'readonly'].includes(def.type)) s = def.innerType;
    else if (def.type === 'pipe') s = def.in;
    else return undefined;
  }
  return undefined;
}

/** Edit distance, for the "did you mean" of a misspelt key. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

/** The known key nearest to `key`, when it is near enough to be a slip. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** Every key of `raw` the schema does not define, with a suggestion where one is close. */
export function unknownKeys(
  schema: z.ZodType,
  raw: unknown,
  path: string[] = [],
): { key: string; message: string }[] {
  const shape = objectShape(schema);
  if (!shape || !raw || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const known = Object.keys(shape);
  const out: { key: string; message: string }[] = [];
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === '$schema' && path.length === 0) continue;
    if (!(k in shape)) {
      const near = nearestKey(k, known);
      const where = path.length ? `${path.join('.')} takes` : 'the config takes';
      out.push({
        key: [...path, k].join('.'),
        message: `is not a known key${near ? `; did you mean ${[...path, near].join('.')}?` : ''} (${where} ${known.join(', ')})`,
      });
      continue;
    }
    out.push(...unknownKeys(shape[k] as z.ZodType, v, [...path, k]));
  }
  return out;
}
