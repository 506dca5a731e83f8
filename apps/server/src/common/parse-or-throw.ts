import type { z } from 'zod';
import { AppError } from './app-error.js';
import { unstorableTextIn } from './unstorable-text.js';

/** Parses with a shared zod schema; a refusal lists every problem, as a 400 `request.invalid`. */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): z.infer<Schema> {
  // Socket messages reach here without passing the HTTP middleware that refuses NUL and lone surrogates.
  const unstorable = unstorableTextIn(value);
  if (unstorable !== null) throw new AppError('request.invalid-text', unstorable);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  throw new AppError('request.invalid', details.map((d) => d.message).join(' '), details);
}
