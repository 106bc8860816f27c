/** The inbox's request and answer shapes for the OpenAPI document (api/routes/inbox.ts). */
import { z } from 'zod';
import type { InboxPage, InboxText } from '../../app/inbox';
import { TRIAGE_CLASSES } from '../../domain/triage/types';

const dateTime = (description?: string) => z.string().meta({ format: 'date-time', ...(description ? { description } : {}) });

export const textIdParams = z.object({ id: z.string().meta({ description: "The text's id (from the inbox or a timeline).", example: '42' }) });

export const inboxTextSchema = z
  .object({
    id: z.string().meta({ description: 'Newer texts have higher ids; pass the last one as `before` for the next page.' }),
    at: dateTime('When the text arrived, or when a reply was sent.'),
    direction: z.enum(['in', 'out']).meta({ description: "'in': the client's text; 'out': a staff reply." }),
    clinicId: z.string().nullable().meta({ description: 'Null when no clinic could be told (administrators only see those).' }),
    workflowId: z.string().nullable().meta({ description: "The client's newest plan when the text came (null: a number with no plan)." }),
    clientRef: z.string().nullable(),
    text: z.string(),
    triage: z
      .object({ class: z.enum(TRIAGE_CLASSES), matched: z.array(z.string()).meta({ description: 'The words of the text that decided the class.' }) })
      .nullable()
      .meta({ description: 'Null for keywords (STOP, START, HELP, BOOK) and staff replies.' }),
    keyword: z.enum(['stop', 'start', 'help', 'book']).nullable(),
    readAt: dateTime().nullable(),
    sentBy: z.object({ id: z.string(), name: z.string() }).optional().meta({ description: 'Who sent a staff reply.' }),
    status: z.enum(['pending', 'sent', 'failed']).optional().meta({ description: "How a staff reply's send went." }),
  })
  .meta({ id: 'InboxText' }) satisfies z.ZodType<InboxText>;

export const inboxPageSchema = z
  .object({
    texts: z.array(inboxTextSchema).meta({ description: 'Newest first.' }),
    unread: z.object({ total: z.number().int(), urgent: z.number().int() }).meta({ description: 'Unread client texts in the same clinic scope, whatever the filters.' }),
  })
  .meta({ id: 'InboxPage' }) satisfies z.ZodType<InboxPage>;

export const timelineTextsSchema = z.object({ texts: z.array(inboxTextSchema).meta({ description: 'Oldest first.' }) }).meta({ id: 'TimelineTexts' });

export const idempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .max(200)
    .meta({ description: 'The same key again (a retried request) answers with the first reply and texts nothing more. Without it, the same words to the same text by the same caller count as a retry.' })
    .optional(),
});
