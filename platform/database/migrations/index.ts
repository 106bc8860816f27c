/**
 * Every migration, in the order they apply. Listed here rather than found by reading the folder at
 * run time, so a bundle or a compiled build carries them and a file dropped in by mistake does
 * nothing. Names are permanent: the database records them as applied.
 */
import type { Migration } from 'kysely';
import * as sendRecords from './0001-send-records';
import * as clinics from './0002-clinics';
import * as people from './0003-people';
import * as webhookDeliveries from './0004-webhook-deliveries';
import * as inboundTexts from './0005-inbound-texts';
import * as photos from './0006-photos';
import * as reviewRequests from './0007-review-requests';
import * as imports from './0008-imports';
import * as sendOutcomes from './0009-send-outcomes';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-send-records': sendRecords,
  '0002-clinics': clinics,
  '0003-people': people,
  '0004-webhook-deliveries': webhookDeliveries,
  '0005-inbound-texts': inboundTexts,
  '0006-photos': photos,
  '0007-review-requests': reviewRequests,
  '0008-imports': imports,
  '0009-send-outcomes': sendOutcomes,
};
