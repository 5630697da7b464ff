/** Value schemas shared by the configuration's sections. */
import { z } from 'zod';
import { cronProblem } from './cron-check.ts';

export const url = (what: string) =>
  z
    .string({ error: `must be the ${what} URL (a string)` })
    .refine((v) => URL.canParse(v), { error: `must be an absolute URL (the ${what})` });

export const cron = z.string().superRefine((v, ctx) => {
  const problem = cronProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

// Names become XML element names verbatim, so only XML names are accepted.
export const xmlName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, {
  error: 'must be an XML element name (letters, digits, `_`, `.`, `-`; not starting with a digit)',
});

export const fieldNames = <const F extends readonly [string, ...string[]]>(message: string, fields: F) =>
  z.partialRecord(z.enum(fields), xmlName, {
    error: (issue) =>
      issue.code === 'invalid_key'
        ? `is not a field of the ${message} message; use one of ${fields.join(', ')}`
        : undefined,
  });
