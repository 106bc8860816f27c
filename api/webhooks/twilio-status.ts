/**
 * `POST /webhooks/twilio/status?wf=&step=&channel=sms`: delivery status callbacks (the URL the
 * Twilio sender gives each text). MessageStatus delivered/undelivered/failed becomes
 * `deliveryStatus { step, channel: 'sms', status, detail: ErrorCode, errorCode: ErrorCode }` for run `wf`; other statuses
 * (queued, sent, ...) are ignored. 200 with empty TwiML, also when the run is gone. The final
 * statuses are also kept by message SID in send_deliveries, for the clinic's numbers and the metrics.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordDelivery } from '../../app/client-texts';
import { clinicOfSendingWorkflowId, isWorkflowId } from '../../domain/identifiers';
import { STEP_IDS, type StepId } from '../../domain/steps';
import type { ApiContext } from '../context';
import type { CachedAnswer } from '../idempotency';
import type { RouteDoc } from '../openapi/route-doc';
import { clinicOfWorkflow } from '../../app/workflow-access';
import { signedClinicOf } from './signed-clinic';
import { first, formBody, twilioHeaders, twilioResponses, twiml, xml, type FormParams } from './twilio-form';

const FINAL = ['delivered', 'undelivered', 'failed'] as const;
type Final = (typeof FINAL)[number];

const statusQuery = z.object({
  wf: z.string().meta({ description: 'Workflow ID.' }),
  step: z.enum(STEP_IDS),
  channel: z.enum(['sms']).optional(),
});

const statusForm = z
  .object({
    MessageStatus: z.string().meta({ description: `${FINAL.join(', ')} are recorded; others are ignored.` }),
    ErrorCode: z.string().optional(),
    MessageSid: z.string(),
  })
  .catchall(z.string())
  .meta({ id: 'TwilioStatus', description: "Twilio's message status callback parameters." });

export const statusDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/webhooks/twilio/status',
    tags: ['twilio'],
    operationId: 'twilioStatus',
    summary: 'Delivery status callbacks of the texts the worker sent',
    security: [],
    request: { query: statusQuery, headers: twilioHeaders, body: formBody(statusForm) },
    responses: twilioResponses('Always for a valid signature, also when the workflow has ended or the status is ignored.'),
  },
];

export function statusHandler(ctx: ApiContext) {
  const { logger } = ctx.deps;
  const log = (message: string, request: FastifyRequest, fields: Record<string, unknown>) =>
    logger.info(message, { component: 'twilio-webhook', reqId: request.id, ...fields });

  /**
   * Twilio's word on the text, for the clinic's numbers and the metrics (send_deliveries): ids, the
   * status and the error code. A database that cannot be written loses this report only; the run
   * still hears of it.
   */
  async function keepDeliveryReport(
    request: FastifyRequest,
    report: { workflowId: string; step: string; status: Final; messageSid: string | undefined; errorCode: string | undefined; signedFor: string | undefined },
  ): Promise<void> {
    if (!report.messageSid) return;
    try {
      await ctx.deps.access.textDeliveries.record({
        providerId: report.messageSid,
        clinicId: clinicOfSendingWorkflowId(report.workflowId) ?? report.signedFor ?? null,
        workflowId: report.workflowId,
        step: report.step,
        status: report.status,
        ...(report.errorCode ? { errorCode: report.errorCode } : {}),
        at: ctx.now(),
      });
    } catch (err) {
      logger.error('delivery status not kept for the numbers', { component: 'twilio-webhook', reqId: request.id, workflowId: report.workflowId, error: (err as Error).name });
    }
  }

  return async function statusCallback(request: FastifyRequest, params: FormParams): Promise<CachedAnswer> {
    const query = request.query as FormParams;
    const workflowId = first(query.wf);
    const step = first(query.step);
    const channel = first(query.channel) ?? 'sms';
    const status = first(params.MessageStatus)?.toLowerCase();
    const errorCode = first(params.ErrorCode)?.trim();
    if (!(FINAL as readonly (string | undefined)[]).includes(status)) return xml(twiml());
    if (!workflowId || !isWorkflowId(workflowId) || !step || !(STEP_IDS as readonly string[]).includes(step) || channel !== 'sms') {
      log('status callback without a usable wf/step: ignored', request, { status });
      return xml(twiml());
    }
    const signedFor = signedClinicOf(request);
    return ctx.temporal(async (client) => {
      // Signed with one clinic's own token: a run of another clinic is not this request's to report on.
      if (signedFor !== undefined && (await clinicOfWorkflow(client, workflowId)) !== signedFor) {
        log("status callback signed for another clinic than the workflow's: ignored", request, { workflowId, status });
        return xml(twiml());
      }
      await keepDeliveryReport(request, { workflowId, step, status: status as Final, messageSid: first(params.MessageSid), errorCode, signedFor });
      const reached = await recordDelivery({
        client,
        workflowId,
        report: { step: step as StepId, status: status as Final, ...(errorCode ? { detail: errorCode, errorCode } : {}) },
      });
      log(reached ? 'delivery status recorded' : 'delivery status for a workflow that is gone: ignored', request, {
        workflowId,
        step,
        status,
        ...(errorCode ? { errorCode } : {}),
      });
      return xml(twiml());
    });
  };
}
