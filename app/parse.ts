import type { z } from 'zod';
import { InvalidInputError } from './errors';
import { fieldIssuesOf } from './zod-issues';

/** A request part checked with its schema: the data, or InvalidInputError naming each field (400). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' = 'body'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidInputError(fieldIssuesOf(parsed.error, where));
  return parsed.data;
}
