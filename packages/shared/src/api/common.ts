import { z } from 'zod';
import { nameSchema } from './text.js';

export const IdSchema = z.string().min(1).max(100);

export const NameSchema = nameSchema({
  empty: 'Give it a name.',
  max: 100,
  tooLong: 'Keep names under 100 characters.',
});

/** An instant, ISO 8601 with a timezone (`2026-11-23T09:00:00.000Z`). */
export const InstantSchema = z.iso.datetime({
  offset: true,
  message: 'Give a date and time like 2026-11-23T09:00:00Z.',
});

/**
 * Every list endpoint pages the same way: `limit` items at most, and the
 * previous page's `nextCursor` to continue. Cursors are opaque strings.
 */
export const PageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int('The limit is a whole number.')
    .min(1, 'Ask for at least one item.')
    .max(200, 'Ask for at most 200 items at a time.')
    .default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

/** A page of `item`s; `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Commands that need no body still send `{}`; anything else in it is refused. */
export const EmptyRequestSchema = z.strictObject({});
export type EmptyRequest = z.infer<typeof EmptyRequestSchema>;
