/** What `aftercare pause` and `aftercare resume` share: one run by ID, or every running run of a clinic. */
import { CLINIC_ID } from '../domain/identifiers';
import { pauseRuns, resumeRuns } from '../app/hold';
import { clinicOfWorkflow } from '../app/workflow-access';
import { auditCli } from './audit';
import { withClient } from './context';
import { printJson, reasonArg, UsageError, workflowIdArg, type Command } from './kit';

export function holdCommand(kind: 'pause' | 'resume'): Command {
  return {
    summary: kind === 'pause' ? "hold a client's or a whole clinic's messages" : 'release messages held by pause',
    usage: `aftercare ${kind} (<workflowId> | --clinic <id>) [--reason <text>] [--json]`,
    options: { clinic: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values, positionals }) {
      const reason = reasonArg(values, `${kind === 'pause' ? 'paused' : 'resumed'} from the command line`);
      const clinicId = values.clinic as string | undefined;
      if (clinicId !== undefined && positionals.length) throw new UsageError('give a <workflowId> or --clinic <id>, not both');
      if (clinicId !== undefined && !CLINIC_ID.test(clinicId)) throw new UsageError(`--clinic "${clinicId}" is not a clinic ID (lowercase letters, digits or dashes)`);
      const workflowId = clinicId === undefined ? workflowIdArg(positionals) : undefined;
      const operation = kind === 'pause' ? pauseRuns : resumeRuns;
      const { workflowIds: done } = await withClient(async (client) => {
        const held = await operation({ client, workflowId, clinicId, reason });
        const action = kind === 'pause' ? 'paused' : 'resumed';
        await auditCli(
          clinicId !== undefined
            ? { action: `clinic.${action}`, clinicId, detail: { reason, workflows: held.workflowIds.length } }
            : { action: `enrollment.${action}`, clinicId: (await clinicOfWorkflow(client, workflowId!)) ?? null, workflowId, detail: { reason } },
        );
        return held;
      });
      if (values.json) {
        printJson({ [kind === 'pause' ? 'paused' : 'resumed']: done, reason });
        return;
      }
      const what = kind === 'pause' ? 'Paused' : 'Resumed';
      process.stdout.write(`${what} ${done.length} aftercare workflow${done.length === 1 ? '' : 's'}${clinicId ? ` of clinic ${clinicId}` : ''}: ${reason}\n`);
      if (kind === 'pause' && done.length) {
        process.stdout.write('Messages wait until `aftercare resume`; a step whose day passes meanwhile is skipped, never sent late or at night.\n');
      }
    },
  };
}
