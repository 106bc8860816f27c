/** zod's issues in the words every caller shows: `{ path, message }`, unknown keys named. */
import type { z } from 'zod';
import type { FieldIssue } from '../domain/field-issue';

/**
 * One issue per problem; the body itself is `(body)`. In a query string an unknown key is a
 * parameter of its own, so it is named as the path.
 */
export function fieldIssuesOf(error: z.ZodError, where: 'body' | 'query' = 'body'): FieldIssue[] {
  return error.issues.flatMap((i) => {
    if (i.code === 'unrecognized_keys' && where === 'query') {
      return i.keys.map((key) => ({ path: key, message: 'is not a known query parameter' }));
    }
    return [
      {
        path: i.path.map(String).join('.') || '(body)',
        message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
      },
    ];
  });
}
