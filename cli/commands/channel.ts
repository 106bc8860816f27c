/**
 * `aftercare channel <workflowId> --sms on|off` (or `--email on|off`): staff switching one of the
 * client's channels. Off stays off until switched on here; on is refused without consent or a
 * contact detail for the channel, and after the client's own STOP.
 */
import { switchChannel } from '../../app/channels';
import { CHANNEL_LABEL, CHANNELS, type Channel } from '../../domain/channels';
import { auditRunChange } from '../audit';
import { withClient } from '../context';
import { formatStatus } from '../format-status';
import { printJson, UsageError, workflowIdArg, type Command } from '../kit';

const SWITCH = { on: true, off: false } as const;

export const channel: Command = {
  summary: "switch one of the client's channels off or on",
  usage: `aftercare channel <workflowId> (${CHANNELS.map((c) => `--${c} on|off`).join(' | ')}) [--json]`,
  options: { ...Object.fromEntries(CHANNELS.map((c) => [c, { type: 'string' as const }])), json: { type: 'boolean' } },
  flags: Object.fromEntries(CHANNELS.map((c) => [c, `--${c}`])),
  async run({ values, positionals }) {
    const workflowId = workflowIdArg(positionals);
    const given = CHANNELS.filter((c) => values[c] !== undefined);
    if (given.length !== 1) throw new UsageError(`give exactly one of ${CHANNELS.map((c) => `--${c} on|off`).join(', ')}`);
    const which: Channel = given[0]!;
    const word = values[which] as string;
    if (!(word in SWITCH)) throw new UsageError(`--${which} must be on or off (got "${word}")`);
    const enabled = SWITCH[word as keyof typeof SWITCH];
    // The workflow names `channel` when it refuses: that is the flag given.
    const s = await withClient(async (client) => {
      const status = await switchChannel({ client, workflowId, channel: which, enabled });
      await auditRunChange(client, { action: 'channel.switched', workflowId, detail: { channel: which, enabled } });
      return status;
    });
    if (values.json) printJson(s);
    else process.stdout.write(`${CHANNEL_LABEL[which]} switched ${word}.\n${formatStatus(workflowId, s)}\n`);
  },
};
