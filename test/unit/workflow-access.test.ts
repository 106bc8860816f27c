/** app/workflow-access.ts: another clinic's run is answered exactly as a missing one. */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { operatorCaller, type Caller } from '../../app/caller';
import { NotFoundError } from '../../app/errors';
import { clinicOfWorkflow, requireWorkflowVisible } from '../../app/workflow-access';
import { httpErrorOf } from '../../api/errors';
import { SEARCH_ATTRIBUTES, WORKFLOW_TYPE } from '../../workflows/contract';

const staffOf = (clinicId: string): Caller => ({ kind: 'person', personId: 'p1', role: 'staff', clinicId, actor: 'person:p1', via: 'page' });
const keyOf = (clinicId: string): Caller => ({ kind: 'key', keyId: 'k1', role: 'staff', clinicId, actor: 'key:k1', via: 'api' });

/** A client whose runs are given by ID: their type and ClinicId attribute; any other ID is not found. */
function clientWithRuns(runs: Record<string, { type?: string; clinicId?: string }>): Client & { described: string[] } {
  const described: string[] = [];
  const client = {
    described,
    workflow: {
      getHandle: (id: string) => ({
        describe: async () => {
          described.push(id);
          const run = runs[id];
          if (!run) throw new WorkflowNotFoundError('workflow not found', id, undefined);
          return { type: run.type ?? WORKFLOW_TYPE, typedSearchAttributes: { get: (key: unknown) => (key === SEARCH_ATTRIBUTES.ClinicId ? run.clinicId : undefined) } };
        },
        query: async () => ({ clinicId: runs[id]?.clinicId }),
      }),
    },
  };
  return client as unknown as Client & { described: string[] };
}

describe('requireWorkflowVisible', () => {
  const current = 'aftercare-north~side-C1-s1';
  // Under the first scheme this ID is clinic "north" with client "side-C1", or clinic "north-side" with "C1".
  const legacy = 'aftercare-north-side-C1-s1';

  it('places a current ID by its clinic part, without asking Temporal', async () => {
    const client = clientWithRuns({});
    await expect(requireWorkflowVisible(client, staffOf('north'), current)).resolves.toBe('north');
    await expect(requireWorkflowVisible(client, keyOf('north-side'), current)).rejects.toBeInstanceOf(NotFoundError);
    expect(client.described).toEqual([]);
  });

  it('places a first-scheme ID by its run’s ClinicId attribute, never by splitting the ID', async () => {
    const client = clientWithRuns({ [legacy]: { clinicId: 'north-side' } });
    await expect(requireWorkflowVisible(client, keyOf('north-side'), legacy)).resolves.toBe('north-side');
    await expect(requireWorkflowVisible(client, staffOf('north'), legacy)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers another clinic's run with the very answer a missing run gets", async () => {
    const client = clientWithRuns({ [legacy]: { clinicId: 'north-side' } });
    const missing = 'aftercare-north-nobody-s1';
    const other = await requireWorkflowVisible(client, staffOf('north'), legacy).catch((e: unknown) => e);
    const none = await requireWorkflowVisible(client, staffOf('north'), missing).catch((e: unknown) => e);
    const bodyOf = (err: unknown, id: string) => httpErrorOf(err, `/api/enrollments/${id}`)!;
    expect(bodyOf(other, legacy).statusCode).toBe(404);
    expect(bodyOf(other, legacy).body).toEqual({ ...bodyOf(none, missing).body, message: expect.any(String), workflowId: legacy });
    expect((bodyOf(other, legacy).body.message as string).replace(legacy, 'X')).toBe((bodyOf(none, missing).body.message as string).replace(missing, 'X'));
  });

  it('lets an administrator see every run, and a run of another workflow type belongs to no clinic', async () => {
    const client = clientWithRuns({ [legacy]: { clinicId: 'north-side' }, 'aftercare-north-x-s1': { type: 'somethingElse', clinicId: 'north' } });
    await expect(requireWorkflowVisible(client, operatorCaller('api'), legacy)).resolves.toBe('north-side');
    await expect(requireWorkflowVisible(client, operatorCaller('api'), 'aftercare-gone-x-s1')).resolves.toBeUndefined();
    await expect(clinicOfWorkflow(client, 'aftercare-north-x-s1')).resolves.toBeUndefined();
    await expect(requireWorkflowVisible(client, staffOf('north'), 'aftercare-north-x-s1')).rejects.toBeInstanceOf(NotFoundError);
  });
});
