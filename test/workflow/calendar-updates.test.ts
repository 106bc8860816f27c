/**
 * The client's calendar kept in step with the booking (issue 16, point 2), on the time-skipping
 * server with the real activities: the welcome's .ics, then a booking, a move and a cancel each
 * send an email whose .ics has the same UIDs and a higher SEQUENCE (a CANCEL for the cancel), each
 * recorded in the run's `sent`. The histories of the booking and the cancel are saved for replay.
 */
import { DateTime } from 'luxon';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIdFor } from '../../domain/identifiers';
import { inputAt, type Harness } from '../../dev/aftercare-harness';
import { msUntilLocalHour } from '../../dev/zones';
import { cancelSignal, clearBookingUpdate, recordBookingUpdate, statusQuery, switchChannelUpdate } from '../../workflows/contract';
import { eventually } from '../support/eventually';
import { harnessPerTest } from '../support/harness-per-test';
import { calendarProp, eventsOf, parseIcal } from '../support/ical';
import { skipPast } from '../support/time-skip';

const DAY = 86_400_000;
const NEW_YORK = 'America/New_York';

let env: TestWorkflowEnvironment;
let h: Harness;
harnessPerTest((e, harness) => {
  env = e;
  h = harness;
});

let ref = 0;
async function enrollNow() {
  await env.sleep(msUntilLocalHour(await env.currentTimeMs(), NEW_YORK, 12));
  const input = inputAt(await env.currentTimeMs(), { clientRef: `C87${++ref}` });
  const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
  const handle = await h.start(input, workflowId);
  await skipPast(env, input, 'welcome');
  const session = DateTime.fromISO(input.session.performedAt, { zone: NEW_YORK });
  const at = (days: number) => session.plus({ days }).set({ hour: 14, minute: 30 }).toUTC().toISO() as string;
  return { input, workflowId, handle, at };
}

/** Each .ics the client got by email, in order: the email's step, its METHOD and events. */
function calendarsOf(workflowId: string) {
  return h.smtp.messages
    .filter((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-channel') === 'email')
    .flatMap((m) =>
      m.attachments
        .filter((a) => a.filename === 'aftercare.ics')
        .map((a) => {
          const calendar = parseIcal(a.content.toString('utf8'));
          return { step: m.headers.get('x-aftercare-step') as string, subject: m.subject, method: calendarProp(calendar, 'METHOD'), events: eventsOf(calendar) };
        }),
    );
}

const appointmentOf = (c: { events: Record<string, string>[] }) => c.events.find((e) => e.UID!.endsWith('-appointment@smp-aftercare'));
const sequences = (c: { events: Record<string, string>[] }) => [...new Set(c.events.map((e) => Number(e.SEQUENCE)))];

/** The patch ids the run recorded (docs/versioning.md). */
async function patchesOf(handle: WorkflowHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });
}

async function finish(handle: WorkflowHandle) {
  await handle.signal(cancelSignal, { reason: 'test over' });
  await handle.result();
}

describe('calendar updates on booking changes', () => {
  it('the welcome carries the phases; a booking and a move each send the .ics again, same UIDs, higher SEQUENCE', async () => {
    const { workflowId, handle, at } = await enrollNow();
    const [welcome] = calendarsOf(workflowId);
    expect(welcome).toMatchObject({ step: 'welcome', method: 'PUBLISH' });
    expect(sequences(welcome!)).toEqual([0]);
    expect(appointmentOf(welcome!)).toBeUndefined();

    await env.sleep(2 * DAY);
    await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: at(25) }] });
    const booked = await eventually(async () => calendarsOf(workflowId), (c) => c.length >= 2);
    expect(booked[1]).toMatchObject({ step: 'calendar-update', method: 'PUBLISH' });
    expect(sequences(booked[1]!)).toEqual([1]);
    expect(appointmentOf(booked[1]!)).toMatchObject({ DTSTART: DateTime.fromISO(at(25)).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'") });
    // The same events as the welcome's, by UID, plus the appointment.
    expect(booked[1]!.events.map((e) => e.UID).filter((u) => !u!.endsWith('-appointment@smp-aftercare'))).toEqual(welcome!.events.map((e) => e.UID));

    await env.sleep(DAY);
    await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: at(27) }] });
    const moved = await eventually(async () => calendarsOf(workflowId), (c) => c.length >= 3);
    expect(sequences(moved[2]!)).toEqual([2]);
    expect(appointmentOf(moved[2]!)).toMatchObject({ UID: appointmentOf(booked[1]!)!.UID, DTSTART: DateTime.fromISO(at(27)).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'") });

    const status = await eventually(() => handle.query(statusQuery), (s) => s.sent.filter((r) => r.id === 'calendar-update').length >= 2);
    expect(status.sent.filter((r) => r.id === 'calendar-update')).toEqual([
      expect.objectContaining({ channel: 'email', status: 'sent', detail: 'appointment, sequence 1' }),
      expect.objectContaining({ channel: 'email', status: 'sent', detail: 'appointment, sequence 2' }),
    ]);
    expect(status.calendarSequence).toBe(2);
    await finish(handle);
    expect(await patchesOf(handle)).toContain('calendar-updates');
    await h.saveHistory(workflowId, 'calendar-update-booking');
  });

  it('a cleared booking sends a CANCEL of the appointment at a higher SEQUENCE', async () => {
    const { workflowId, handle, at } = await enrollNow();
    await env.sleep(2 * DAY);
    await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: at(25) }] });
    await eventually(async () => calendarsOf(workflowId), (c) => c.length >= 2);
    await env.sleep(DAY);
    await handle.executeUpdate(clearBookingUpdate, { args: [] });
    const all = await eventually(async () => calendarsOf(workflowId), (c) => c.length >= 3);
    const cancel = all[2]!;
    expect(cancel).toMatchObject({ step: 'calendar-update', method: 'CANCEL' });
    expect(cancel.events).toEqual([expect.objectContaining({ UID: appointmentOf(all[1]!)!.UID, STATUS: 'CANCELLED', SEQUENCE: '2', DTSTART: appointmentOf(all[1]!)!.DTSTART })]);
    expect(cancel.subject).toContain('cancelled');
    const status = await eventually(() => handle.query(statusQuery), (s) => s.sent.filter((r) => r.id === 'calendar-update').length >= 2);
    expect(status.sent.filter((r) => r.id === 'calendar-update').map((r) => r.detail)).toEqual(['appointment, sequence 1', 'appointment cancelled, sequence 2']);
    await finish(handle);
    await h.saveHistory(workflowId, 'calendar-update-cancel');
  });

  it('with email switched off, a booking sends no calendar email', async () => {
    const { workflowId, handle, at } = await enrollNow();
    await handle.executeUpdate(switchChannelUpdate, { args: [{ channel: 'email', enabled: false }] });
    await env.sleep(2 * DAY);
    const booked = await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: at(25) }] });
    expect(booked.booking.status).toBe('booked');
    await env.sleep(DAY);
    expect(calendarsOf(workflowId).map((c) => c.step)).toEqual(['welcome']);
    expect((await handle.query(statusQuery)).sent.filter((r) => r.id === 'calendar-update')).toEqual([]);
    await finish(handle);
  });
});
