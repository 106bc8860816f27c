/** `aftercare touch-ups (show|stop) <clinicId> <clientRef>`: a client's touch-up reminders (issue 16). */
import { operatorCaller } from '../../app/caller';
import { NotFoundError } from '../../app/errors';
import { stopTouchUps, touchUpView, type TouchUpView } from '../../app/touch-ups';
import { CLIENT_REF, CLIENT_REF_HINT, CLINIC_ID, CLINIC_ID_HINT, touchUpWorkflowIdFor } from '../../domain/identifiers';
import { auditCli } from '../audit';
import { withClient } from '../context';
import { printJson, UsageError, type Command } from '../kit';

const USAGE = 'aftercare touch-ups (show|stop) <clinicId> <clientRef> [--json]';

function describe(view: TouchUpView): string {
  const next = view.nextReminderAt ? `, next reminder ${view.nextReminderAt}` : '';
  const by = view.stoppedBy ? ` by ${view.stoppedBy === 'staff' ? 'staff' : 'a new course'}` : '';
  return `${view.workflowId}: ${view.state}${by}; every ${view.intervalMonths} months${next}; ${view.remindersSent} reminder(s) sent\n`;
}

export const touchUps: Command = {
  summary: "show or stop a client's touch-up reminders",
  usage: USAGE,
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }) {
    const [action, clinicId, clientRef] = positionals;
    if (action !== 'show' && action !== 'stop') throw new UsageError(`the first argument must be show or stop (${USAGE})`);
    if (!clinicId || !CLINIC_ID.test(clinicId)) throw new UsageError(`<clinicId> ${CLINIC_ID_HINT}`);
    if (!clientRef || !CLIENT_REF.test(clientRef)) throw new UsageError(`<clientRef> ${CLIENT_REF_HINT}`);
    const view = await withClient(async (client) => {
      if (action === 'stop') return stopTouchUps({ client, caller: operatorCaller('cli'), clinicId, clientRef });
      const found = await touchUpView(client, clinicId, clientRef);
      if (!found) throw new NotFoundError(touchUpWorkflowIdFor(clinicId, clientRef), `no touch-up reminders for client '${clientRef}' at clinic '${clinicId}'`);
      return found;
    });
    if (action === 'stop') await auditCli({ action: 'touch-ups.stopped', clinicId, workflowId: view.workflowId, detail: { clientRef } });
    if (values.json) printJson(view);
    else process.stdout.write(describe(view));
  },
};
