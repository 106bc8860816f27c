/** `aftercare preview`: the plan of one session, computed locally with no server. */
import { effectiveTiming, regionProblem } from '../../domain/compliance/profile';
import { LANGUAGE_HINT, languageOf } from '../../domain/i18n';
import { buildPlan, isCourseEnd } from '../../domain/plan';
import { parsePlanInput, PlanInputError } from '../../domain/plan-input';
import { DEFAULT_SEND_TIME, DEFAULT_WINDOW, formatWindow, parseWindow as parseWindowText } from '../../domain/window';
import { flagFor, optionalPositiveInt, printJson, requireString, UsageError, type Command } from '../kit';
import { planTable } from '../plan-table';
import { renderPreviewMessages } from '../preview-messages';

/** Which flag each plan-input field came from, so errors name what the user typed. */
const FLAG_OF: Record<string, string> = {
  sessionAt: '--session-at',
  timezone: '--timezone',
  sessionNumber: '--session',
  plannedSessions: '--planned-sessions',
  sendTime: '--send-time',
  window: '--window',
  'window.start': '--window',
  'window.end': '--window',
  enrolledAt: '--enrolled-at',
};

function parseWindow(raw: string | undefined): { start: string; end: string } {
  if (raw === undefined) return DEFAULT_WINDOW;
  const parsed = parseWindowText(raw);
  if (!parsed.ok) throw new UsageError(`--window ${parsed.message}`);
  return parsed.window;
}

function parseLocale(raw: string | undefined): string | undefined {
  if (raw !== undefined && languageOf(raw) === null) throw new UsageError(`--locale ${LANGUAGE_HINT}`);
  return raw;
}

function parseRegion(raw: string | undefined): string | undefined {
  const problem = raw === undefined ? undefined : regionProblem(raw);
  if (problem) throw new UsageError(`--region ${problem}`);
  return raw;
}

export const preview: Command = {
  summary: 'print the care plan of one session, without any server',
  usage:
    'aftercare preview --session-at <ISO-8601 with offset> --timezone <IANA zone> [--session <n>] [--planned-sessions <n>] ' +
    '[--send-time HH:MM] [--window HH:MM-HH:MM] [--region <GB|US|US-FL...>] [--enrolled-at <ISO>] [--json] [--show-messages [--clinic <id>] [--first-name <name>] [--locale <en|es>]]',
  options: {
    'session-at': { type: 'string' },
    timezone: { type: 'string' },
    session: { type: 'string' },
    'planned-sessions': { type: 'string' },
    'send-time': { type: 'string' },
    window: { type: 'string' },
    region: { type: 'string' },
    'enrolled-at': { type: 'string' },
    json: { type: 'boolean' },
    'show-messages': { type: 'boolean' },
    clinic: { type: 'string' },
    'first-name': { type: 'string' },
    locale: { type: 'string' },
  },
  async run({ values }) {
    const sessionAt = requireString(values, 'session-at');
    const timezone = requireString(values, 'timezone');
    const region = parseRegion(values.region as string | undefined);
    const locale = parseLocale(values.locale as string | undefined);
    let input;
    try {
      input = parsePlanInput({
        sessionAt,
        timezone,
        sessionNumber: optionalPositiveInt(values, 'session', 1),
        plannedSessions: optionalPositiveInt(values, 'planned-sessions', 3),
        sendTime: (values['send-time'] as string | undefined) ?? DEFAULT_SEND_TIME,
        window: parseWindow(values.window as string | undefined),
        enrolledAt: (values['enrolled-at'] as string | undefined) ?? sessionAt,
      });
    } catch (err) {
      if (err instanceof PlanInputError) {
        const first = err.issues[0];
        throw new UsageError(first ? `${flagFor(first.path, FLAG_OF)}: ${first.message}` : err.message);
      }
      throw err;
    }
    // The clinic's timing narrowed to the law's hours where the client lives (docs/compliance.md).
    const clinicWindow = input.window;
    input = { ...input, ...effectiveTiming(input, region), courseEnd: isCourseEnd({ number: input.sessionNumber, plannedSessions: input.plannedSessions }) };
    const plan = buildPlan(input);
    const messages = values['show-messages']
      ? await renderPreviewMessages({
          plan,
          input,
          clinicId: values.clinic as string | undefined,
          firstName: values['first-name'] as string | undefined,
          region,
          locale,
        })
      : undefined;

    if (values.json) {
      printJson(messages ? plan.map((s, i) => ({ ...s, message: messages[i]?.message })) : plan);
      return;
    }
    process.stdout.write(
      `Care plan for session ${input.sessionNumber} of ${input.plannedSessions}, client zone ${input.timezone}, ` +
        `send time ${input.sendTime}, window ${formatWindow(input.window)}` +
        `${region ? ` (${formatWindow(input.window) === formatWindow(clinicWindow) ? 'as the law allows' : `narrowed from ${formatWindow(clinicWindow)}`} in ${region})` : ''}\n\n`,
    );
    process.stdout.write(`${planTable(plan, input.timezone)}\n`);
    if (messages) {
      for (const m of messages) process.stdout.write(`\n${m.text}\n`);
    }
  },
};
