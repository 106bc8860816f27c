/**
 * One durable workflow per treatment session: sleeps to each step of the care plan and sends it by
 * the channels the client consented to, in the client's zone, inside the clinic's window.
 *
 * Deterministic by construction: time comes from the workflow clock, every side effect is an
 * activity, and the plan is recomputed from the same inputs plus recorded signals and updates.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { createActivities } from '../activities';
import { PERMANENT_FAILURE } from '../activities/types';
import { renderClientMessage, renderClinicNotice, type ClientStepId } from '../domain/messages';
import { dayAfterSession, isoInstantSchema, LATE_AFTER_MS, lateStepAction, nextInWindow } from '../domain/plan';
import type { PlannedStep } from '../domain/plan-types';
import { healingPhaseOnDay, STEPS, type StepId } from '../domain/steps';
import { cancelSignal, clientReplySignal, deliveryStatusSignal, optInSignal, optOutSignal, pauseSignal, planOf, recordBookingUpdate, resendStepUpdate, resumeSignal, SEARCH_ATTRIBUTES, smsTaskQueueFor, statusQuery, supersedeSignal, updateContactUpdate, type AftercareInput, type AftercareStatus, type BookingStatus, type Channel, type Phase, type SentRecord } from './contract';
import { workflowIdFor } from '../domain/identifiers';

type Activities = ReturnType<typeof createActivities>;

/** patched() id of the late-step rules (care/plan.ts lateStepAction); never reuse it. */
const LATE_STEPS_PATCH = 'late-steps-keep-their-day-and-window';
/** patched() id of telling the clinic when one channel fails for good while the other still works. */
const FAILED_CHANNEL_PATCH = 'clinic-told-of-a-failed-channel';

/**
 * Client notifications: a few attempts with backoff, then the step is recorded as failed rather
 * than retried for hours, so a client never receives a reminder long after it made sense. The
 * schedule-to-close deadline is set per call to the end of the sending window (see `deadline`).
 */
const NOTIFY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 8,
    nonRetryableErrorTypes: Object.values(PERMANENT_FAILURE),
  },
};
const { sendSms, sendEmail, notifyClinic } = proxyActivities<Activities>(NOTIFY_OPTIONS);

/** Clinic notices are internal and never at night-sensitive: retry for up to a day. */
const CLINIC_NOTICE_OPTIONS: ActivityOptions = {
  ...NOTIFY_OPTIONS,
  scheduleToCloseTimeout: '1 day',
  retry: { ...NOTIFY_OPTIONS.retry, maximumAttempts: 30, maximumInterval: '1 hour' },
};

export interface AftercareResult {
  phase: Extract<Phase, 'completed' | 'superseded' | 'cancelled'>;
  sent: SentRecord[];
}

type ChannelState = AftercareStatus['channels']['sms'];

const SMS_FAILURE_STATE: Record<string, ChannelState> = {
  [PERMANENT_FAILURE.smsUnsubscribed]: 'opted-out',
  [PERMANENT_FAILURE.smsInvalidNumber]: 'failed',
  [PERMANENT_FAILURE.smsNotMobile]: 'failed',
  [PERMANENT_FAILURE.smsRejected]: 'failed',
};

function permanentFailureType(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.nonRetryable) return cause.type ?? 'Permanent';
  return undefined;
}

function failureText(err: unknown): string {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}

export async function aftercareWorkflow(input: AftercareInput): Promise<AftercareResult> {
  const { clinic, client, session } = input;
  const zone = client.timezone;
  const workflowId = workflowInfo().workflowId;
  const demoScale = input.demoSecondsPerDay ? input.demoSecondsPerDay / 86_400 : undefined;

  const contact = { phone: client.phone, email: client.email };
  const consent = { ...client.consent };
  const channels: Record<Channel, ChannelState> = {
    sms: consent.sms && contact.phone ? 'active' : 'none',
    email: consent.email && contact.email ? 'active' : 'none',
  };
  let booking: { appointmentAt: string; recordedAt: string } | undefined;
  let bookingStatus: BookingStatus = session.number < session.plannedSessions ? 'awaiting' : 'not-needed';
  let phase: Phase = 'welcome';
  let stopped: { phase: 'cancelled' | 'superseded'; why: string } | undefined;
  let planVersion = 0;
  let unreachableNoticeSent = false;
  let paused: { reason: string; since: string } | undefined;
  const sent: SentRecord[] = [];
  const done = new Set<StepId>();
  /** Client replies waiting to be forwarded to the clinic, and the SIDs already seen. */
  const replies: { kind: 'wants-to-book' | 'message'; text?: string; messageSid: string }[] = [];
  const seenReplies = new Set<string>();
  /** Operators' resends waiting to go out, in order. */
  const resends: { step: ClientStepId; channel?: Channel; reason: string }[] = [];
  let resendCount = 0;

  const computePlan = (): PlannedStep[] => planOf(input, booking);
  let plan = computePlan();
  const pending = (): PlannedStep[] => plan.filter((s) => !done.has(s.step));

  const nowIso = () => new Date(Date.now()).toISOString();
  const reachable = () => channels.sms === 'active' || channels.email === 'active';
  const fmtLocal = (iso: string) => `${DateTime.fromISO(iso, { zone }).toFormat('LLL d, HH:mm')} ${zone}`;

  const status = (): AftercareStatus => {
    const next = stopped ? undefined : pending()[0];
    return {
      phase: stopped ? stopped.phase : phase,
      sessionNumber: session.number,
      nextStep: next ? { id: next.step, sendAt: next.sendAt } : null,
      sent: [...sent],
      booking: { status: bookingStatus, appointmentAt: booking?.appointmentAt ?? null },
      channels: { ...channels },
      plan,
      timezone: zone,
      clinicId: clinic.id,
      clientRef: input.clientRef,
      paused: paused ?? null,
    };
  };

  const publish = (lastDone?: string): void => {
    const next = stopped ? undefined : pending()[0];
    const problem = (Object.keys(channels) as Channel[])
      .filter((c) => channels[c] === 'failed')
      .map((c) => `${c} failed: ${[...sent].reverse().find((r) => r.channel === c && r.status !== 'sent')?.detail ?? 'unknown'}`)
      .concat(reachable() ? [] : ['unreachable'])
      .join('; ');
    upsertSearchAttributes([
      { key: SEARCH_ATTRIBUTES.DeliveryProblem, value: problem || 'none' },
      { key: SEARCH_ATTRIBUTES.AftercarePhase, value: stopped ? stopped.phase : phase },
      { key: SEARCH_ATTRIBUTES.BookingStatus, value: bookingStatus },
      // null removes NextStepAt once nothing is left.
      { key: SEARCH_ATTRIBUTES.NextStepAt, value: next ? new Date(next.sendAt) : null },
    ]);
    const nextText = next ? `next: ${STEPS[next.step].label} on ${fmtLocal(next.sendAt)}` : 'nothing left to send';
    const head = stopped
      ? `${stopped.phase}: ${stopped.why}`
      : paused
        ? `PAUSED since ${fmtLocal(paused.since)}: ${paused.reason}`
        : lastDone ?? `session ${session.number} of ${session.plannedSessions} enrolled`;
    const channelText = `channels: SMS ${channels.sms}, email ${channels.email}`;
    const bookingText = `booking: ${bookingStatus}${booking ? ` for ${fmtLocal(booking.appointmentAt)}` : ''}`;
    setCurrentDetails([`${head}; ${nextText}`, channelText, bookingText].join('\n\n'));
  };

  // ---- handlers -------------------------------------------------------------------------------

  setHandler(statusQuery, status);

  setHandler(
    recordBookingUpdate,
    ({ appointmentAt }) => {
      booking = { appointmentAt, recordedAt: nowIso() };
      bookingStatus = 'booked';
      plan = computePlan();
      planVersion++;
      publish(`booking recorded for ${fmtLocal(appointmentAt)}`);
      return status();
    },
    {
      validator: (arg) => {
        if (stopped) throw new Error(`this aftercare plan is ${stopped.phase}`);
        const appointmentAt = arg?.appointmentAt;
        if (typeof appointmentAt !== 'string' || !isoInstantSchema.safeParse(appointmentAt).success) {
          throw new Error('appointmentAt: must be an ISO-8601 date and time with an offset');
        }
        const at = Date.parse(appointmentAt);
        if (at <= Date.now()) throw new Error('appointmentAt: the appointment must be in the future');
        if (at <= Date.parse(session.performedAt)) throw new Error('appointmentAt: the appointment must be after this session');
      },
    },
  );

  setHandler(
    updateContactUpdate,
    (update) => {
      if (update.phone !== undefined) {
        contact.phone = update.phone;
        upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.PhoneHash, value: update.phoneHash ?? null }]);
        if (consent.sms && channels.sms !== 'opted-out') channels.sms = 'active';
      }
      if (update.email !== undefined) {
        contact.email = update.email;
        if (consent.email && channels.email !== 'opted-out') channels.email = 'active';
      }
      unreachableNoticeSent = false;
      publish('contact details updated');
      return status();
    },
    {
      validator: (update) => {
        if (stopped) throw new Error(`this aftercare plan is ${stopped.phase}`);
        if (!update || (update.phone === undefined && update.email === undefined)) {
          throw new Error('give phone, email or both');
        }
        if (update.phone !== undefined && !/^\+[1-9]\d{7,14}$/.test(update.phone)) {
          throw new Error('phone: must be in international E.164 form, for example +15550104477');
        }
        if (update.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(update.email)) {
          throw new Error('email: must be an email address');
        }
      },
    },
  );

  setHandler(cancelSignal, ({ reason }) => {
    stopped ??= { phase: 'cancelled', why: reason || 'cancelled by the clinic' };
  });
  setHandler(supersedeSignal, ({ bySessionNumber }) => {
    if (bySessionNumber > session.number) stopped ??= { phase: 'superseded', why: `session ${bySessionNumber} started` };
  });
  setHandler(
    resendStepUpdate,
    ({ step, channel, reason }) => {
      resends.push({ step: step as ClientStepId, reason: reason || 'resent by an operator', ...(channel ? { channel } : {}) });
      return status();
    },
    {
      validator: (arg) => {
        if (stopped) throw new Error(`this aftercare plan is ${stopped.phase}`);
        const step = arg?.step;
        if (typeof step !== 'string' || !(step in STEPS)) throw new Error(`step: must be one of ${Object.keys(STEPS).join(', ')}`);
        if (STEPS[step as StepId].to !== 'client') throw new Error(`step: ${step} goes to the clinic, not the client`);
        if (!done.has(step as StepId)) throw new Error(`step: ${step} is not due yet; it goes on ${plan.find((p) => p.step === step)?.sendAt ?? 'no planned date'}`);
        const channel = arg.channel;
        if (channel !== undefined && channel !== 'sms' && channel !== 'email') throw new Error('channel: must be sms or email');
        const usable = (['sms', 'email'] as const).filter((c) => channels[c] === 'active' && (channel === undefined || c === channel));
        if (usable.length === 0) throw new Error(`channel: ${channel ?? 'no channel'} is not active for this client (SMS ${channels.sms}, email ${channels.email})`);
        if (typeof arg.reason === 'string' && arg.reason.length > 200) throw new Error('reason: must be at most 200 characters');
      },
    },
  );

  setHandler(pauseSignal, ({ reason }) => {
    if (stopped || paused) return;
    paused = { reason: reason || 'paused by an operator', since: nowIso() };
    publish();
  });
  setHandler(resumeSignal, () => {
    if (!paused) return;
    paused = undefined;
    publish('resumed');
  });
  setHandler(optOutSignal, ({ channel }) => {
    if (channels[channel] !== 'none') channels[channel] = 'opted-out';
    planVersion++;
  });
  setHandler(optInSignal, ({ channel }) => {
    const hasContact = channel === 'sms' ? contact.phone : contact.email;
    if (hasContact) {
      consent[channel] = true;
      channels[channel] = 'active';
    }
    planVersion++;
  });
  setHandler(clientReplySignal, (reply) => {
    if (seenReplies.has(reply.messageSid)) return;
    seenReplies.add(reply.messageSid);
    replies.push(reply);
  });
  setHandler(deliveryStatusSignal, ({ step, channel, status: delivery, detail }) => {
    const record = [...sent].reverse().find((r) => r.id === step && r.channel === channel);
    if (!record) return;
    // 'failed'/'undelivered' of any part wins over 'delivered' of another part.
    if (record.status === 'failed' || record.status === 'undelivered') return;
    record.status = delivery;
    if (detail) record.detail = detail;
  });

  // ---- sending ---------------------------------------------------------------------------------

  /** Until when a send may still go out: the end of today's window (never at night). */
  const deadline = (): string => {
    if (demoScale) return '2 minutes';
    const closing = nextInWindow(DateTime.fromMillis(Date.now()), zone, clinic.window).setZone(zone);
    const end = closing.set({
      hour: Number(clinic.window.end.slice(0, 2)),
      minute: Number(clinic.window.end.slice(3)),
    });
    return `${Math.max(60_000, end.toMillis() - Date.now())} ms`;
  };

  const record = (entry: SentRecord) => {
    sent.push(entry);
  };

  const deliverToClient = async (step: ClientStepId, again?: { no: number; channel?: Channel; reason: string }): Promise<string[]> => {
    const currentDay = dayAfterSession(session.performedAt, nowIso(), zone);
    const message = renderClientMessage(step, {
      clientFirstName: client.firstName,
      clinic: { name: clinic.name, phone: clinic.phone, bookingUrl: clinic.bookingUrl },
      sessionNumber: session.number,
      plannedSessions: session.plannedSessions,
      timezone: zone,
      currentPhase: healingPhaseOnDay(currentDay),
      plan,
      hasEmail: channels.email === 'active',
      ...(booking ? { appointmentAt: booking.appointmentAt } : {}),
      ...(demoScale ? { demo: true } : {}),
    });
    const options = { ...NOTIFY_OPTIONS, scheduleToCloseTimeout: deadline() };
    const via: string[] = [];

    const resend = again ? { resend: again.no } : {};
    const note = again ? { detail: `resent: ${again.reason}` } : {};
    const viaSms = async () => {
      if (channels.sms !== 'active' || !contact.phone || (again?.channel && again.channel !== 'sms')) return;
      try {
        await sendSms.executeWithOptions({ ...options, taskQueue: smsTaskQueueFor(workflowInfo().taskQueue), summary: `${step} by SMS${again ? ' (resend)' : ''}` }, [
          { workflowId, step, to: contact.phone, body: message.sms, ...resend },
        ]);
        record({ id: step, channel: 'sms', at: nowIso(), status: 'sent', ...note });
        via.push('SMS');
      } catch (err) {
        const type = permanentFailureType(err);
        // A permanent SMS failure moves this step and the rest to email.
        if (type) channels.sms = SMS_FAILURE_STATE[type] ?? 'failed';
        record({ id: step, channel: 'sms', at: nowIso(), status: 'failed', detail: type ?? `gave up: ${failureText(err)}` });
      }
    };
    const viaEmail = async () => {
      if (channels.email !== 'active' || !contact.email || (again?.channel && again.channel !== 'email')) return;
      try {
        await sendEmail.executeWithOptions({ ...options, summary: `${step} by email${again ? ' (resend)' : ''}` }, [
          { workflowId, step, to: contact.email, ...message.email, ...resend },
        ]);
        record({ id: step, channel: 'email', at: nowIso(), status: 'sent', ...note });
        via.push('email');
      } catch (err) {
        const type = permanentFailureType(err);
        if (type) channels.email = 'failed';
        record({ id: step, channel: 'email', at: nowIso(), status: 'failed', detail: type ?? `gave up: ${failureText(err)}` });
      }
    };

    await Promise.all([viaSms(), viaEmail()]);
    return via;
  };

  const noticeContext = (detail?: string) => ({
    clinicName: clinic.name,
    clientRef: input.clientRef,
    clientFirstName: client.firstName,
    workflowId,
    sessionNumber: session.number,
    timezone: zone,
    ...(detail ? { detail } : {}),
    ...(demoScale ? { demo: true } : {}),
  });

  const tellClinic = async (step: StepId, kind: Parameters<typeof renderClinicNotice>[0], detail?: string) => {
    const notice = renderClinicNotice(kind, noticeContext(detail));
    try {
      await notifyClinic.executeWithOptions({ ...CLINIC_NOTICE_OPTIONS, summary: `tell the clinic: ${kind}` }, [
        { workflowId, step, notice: kind, to: clinic.email, subject: notice.subject, text: notice.text },
      ]);
      record({ id: step, channel: 'clinic-email', at: nowIso(), status: 'sent', detail: kind });
    } catch (err) {
      record({ id: step, channel: 'clinic-email', at: nowIso(), status: 'failed', detail: failureText(err) });
    }
  };


  const maybeReportUnreachable = async (step: StepId) => {
    if (reachable() || unreachableNoticeSent) return;
    unreachableNoticeSent = true;
    const why = `SMS ${channels.sms}, email ${channels.email}`;
    log.warn('client unreachable on every channel', { workflowId, sms: channels.sms, email: channels.email });
    // Keyed on the step so the dedupe store lets one notice per step through, never two.
    await tellClinic(step, 'unreachable', why);
  };

  const failedChannelNoticeSent = new Set<Channel>();
  /**
   * A number or address refused for good while the other channel still works: the client keeps
   * getting the steps, but the clinic should fix the contact detail. (With neither channel left,
   * the unreachable notice says it all; an SMS opt-out is the client's choice, not a fault.)
   */
  const maybeReportFailedChannel = async (step: StepId) => {
    if (!reachable()) return;
    for (const channel of ['sms', 'email'] as const) {
      if (channels[channel] !== 'failed' || failedChannelNoticeSent.has(channel)) continue;
      // Runs that failed a channel before this change replay without the notice.
      if (!patched(FAILED_CHANNEL_PATCH)) return;
      failedChannelNoticeSent.add(channel);
      const why = [...sent].reverse().find((r) => r.channel === channel && r.status === 'failed')?.detail;
      await tellClinic(step, channel === 'sms' ? 'sms-failed' : 'email-failed', why);
    }
  };

  /** Forwards client replies to the clinic; keyed by the Twilio message SID, so each goes once. */
  const forwardReplies = async () => {
    while (replies.length) {
      const reply = replies.shift()!;
      const kind = reply.kind === 'wants-to-book' ? 'client-wants-to-book' : 'client-message';
      const notice = renderClinicNotice(kind, noticeContext(reply.text));
      await notifyClinic
        .executeWithOptions({ ...CLINIC_NOTICE_OPTIONS, summary: `tell the clinic: ${kind}` }, [
          { workflowId, step: phase as StepId, notice: `reply-${reply.messageSid}`, to: clinic.email, subject: notice.subject, text: notice.text },
        ])
        .catch((err: unknown) => log.warn('could not forward a client reply', { workflowId, error: failureText(err) }));
    }
  };

  // ---- supersede earlier sessions -------------------------------------------------------------

  for (let earlier = 1; earlier < session.number; earlier++) {
    try {
      await getExternalWorkflowHandle(workflowIdFor(clinic.id, input.clientRef, earlier)).signal(supersedeSignal, {
        bySessionNumber: session.number,
      });
    } catch {
      // That session was never enrolled here, or has already finished: nothing to supersede.
    }
  }

  // ---- the timeline ------------------------------------------------------------------------------

  publish();
  await maybeReportUnreachable('welcome');

  /** Workflow time at which a planned instant is due (compressed in demo mode). */
  const dueAt = (sendAt: string): number => {
    const at = Date.parse(sendAt);
    if (!demoScale) return at;
    const origin = Date.parse(input.enrolledAt);
    return origin + (at - origin) * demoScale;
  };

  /** Resends go out now, or when the window next opens; never at night, never while paused. */
  const sendResends = async () => {
    while (resends.length && !stopped && !paused) {
      const opens = demoScale ? Date.now() : nextInWindow(DateTime.fromMillis(Date.now()), zone, clinic.window).toMillis();
      if (opens > Date.now()) {
        await condition(() => stopped !== undefined || paused !== undefined, opens - Date.now(), {
          summary: `resend of ${resends[0]!.step} waits for the window, ${fmtLocal(new Date(opens).toISOString())}`,
        });
        continue;
      }
      const r = resends.shift()!;
      const via = await deliverToClient(r.step, { no: ++resendCount, reason: r.reason, ...(r.channel ? { channel: r.channel } : {}) });
      publish(`${STEPS[r.step].label} resent${via.length ? ` by ${via.join(' and ')}` : ', but it could not be sent'}`);
    }
  };

  for (;;) {
    const next = pending()[0];
    if (stopped || !next) break;
    const version = planVersion;
    await forwardReplies();
    await sendResends();
    const waitMs = Math.max(0, dueAt(next.sendAt) - Date.now());
    if (waitMs > 0) {
      const interrupted = await condition(() => stopped !== undefined || planVersion !== version || replies.length > 0 || (resends.length > 0 && !paused), waitMs, {
        summary: `until ${STEPS[next.step].label} on ${fmtLocal(next.sendAt)}`,
      });
      if (interrupted) {
        publish();
        continue;
      }
    }

    // Paused by an operator: hold here (no timer, so runs that were never paused replay as
    // before); on resume the step is late, and the rules below decide.
    if (paused) {
      publish();
      await condition(() => paused === undefined || stopped !== undefined);
      publish();
      continue;
    }

    // Held up past its time (workers down, the workflow paused): still never at night, and never
    // on another day than the one its text speaks of. Only late steps reach patched(), so runs
    // recorded before this change replay as they were.
    if (!demoScale && STEPS[next.step].to === 'client' && Date.now() - dueAt(next.sendAt) > LATE_AFTER_MS && patched(LATE_STEPS_PATCH)) {
      const action = lateStepAction({ step: next.step, sendAt: next.sendAt, now: Date.now(), zone, window: clinic.window });
      if (action.kind === 'skip') {
        done.add(next.step);
        for (const channel of ['sms', 'email'] as const) {
          if (channels[channel] === 'active') record({ id: next.step, channel, at: nowIso(), status: 'skipped', detail: action.reason });
        }
        log.warn('step skipped: held up past its day', { workflowId, step: next.step });
        publish(`${STEPS[next.step].label} skipped: ${action.reason}`);
        continue;
      }
      if (action.kind === 'wait') {
        await condition(
          () => stopped !== undefined || planVersion !== version || replies.length > 0,
          Date.parse(action.until) - Date.now(),
          { summary: `late ${STEPS[next.step].label}: waits for the window, ${fmtLocal(action.until)}` },
        );
        publish();
        continue;
      }
    }

    done.add(next.step);
    if (STEPS[next.step].to === 'clinic') {
      await tellClinic(next.step, 'clinic-follow-up');
      publish(`${STEPS[next.step].label}: clinic asked to call the client`);
      continue;
    }
    phase = next.step;
    const via = await deliverToClient(next.step as ClientStepId);
    await maybeReportUnreachable(next.step);
    await maybeReportFailedChannel(next.step);
    publish(`${STEPS[next.step].label} ${via.length ? `sent by ${via.join(' and ')}` : 'could not be sent'}`);
  }

  // A resend asked for while the last step went out is still owed.
  await sendResends();
  const finalPhase = stopped ? stopped.phase : 'completed';
  phase = finalPhase;
  publish(stopped ? undefined : 'all steps done');
  return { phase: finalPhase, sent };
}
