/**
 * The look-up of a client's runs under first-scheme workflow IDs (app/legacy-sessions.ts) is
 * skipped for a clinic that visibility says has none, and kept whenever that is in doubt.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { inputAt } from '../../dev/aftercare-harness';
import { legacySessionsOf } from '../../app/legacy-sessions';

/** A client whose count answers `count` (or fails), and which records what it was asked. */
function fakeClient(count: () => Promise<{ count: number }>) {
  const asked = { counts: [] as string[], describes: [] as string[] };
  const client = {
    workflow: {
      count: (query: string) => {
        asked.counts.push(query);
        return count();
      },
      getHandle: (id: string) => ({
        describe: () => {
          asked.describes.push(id);
          return Promise.reject(new WorkflowNotFoundError('not found', id, undefined));
        },
      }),
    },
  } as unknown as Client;
  return { client, asked };
}

const input = (clinicId: string, clientRef: string) => {
  const i = inputAt(Date.now(), { clientRef });
  return { ...i, clinic: { ...i.clinic, id: clinicId } };
};

describe('legacySessionsOf', () => {
  it('asks once per clinic, and looks nothing up at a clinic with no first-scheme run', async () => {
    const { client, asked } = fakeClient(async () => ({ count: 0 }));
    await Promise.all([legacySessionsOf(client, input('north', 'C1')), legacySessionsOf(client, input('north', 'C2'))]);
    expect(await legacySessionsOf(client, input('north', 'C3'))).toEqual([]);
    expect(asked.counts).toEqual(["WorkflowId STARTS_WITH 'aftercare-north-'"]);
    expect(asked.describes).toEqual([]);
  });

  it('looks each planned session up where some first-scheme run may be, or when visibility cannot answer', async () => {
    const some = fakeClient(async () => ({ count: 2 }));
    await legacySessionsOf(some.client, input('north', 'C1'));
    expect(some.asked.describes).toEqual(['aftercare-north-C1-s1', 'aftercare-north-C1-s2', 'aftercare-north-C1-s3']);

    const failing = fakeClient(() => Promise.reject(new Error('visibility queries are not supported')));
    await legacySessionsOf(failing.client, input('north', 'C1'));
    expect(failing.asked.describes).toHaveLength(3);
  });
});
