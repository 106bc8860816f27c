/** `aftercare triage`: how the inbound webhook would classify one client reply, with no server. */
import { classifyReply } from '../../domain/triage/classify';
import { printJson, UsageError, type Command } from '../kit';

export const triage: Command = {
  summary: 'classify one client reply: urgent, booking, question or other',
  usage: 'aftercare triage [--json] "<text>"',
  options: {
    json: { type: 'boolean' },
  },
  async run({ values, positionals }) {
    // Unquoted words arrive as several positionals: they are still one reply.
    const text = positionals.join(' ');
    if (text.trim() === '') throw new UsageError('<text> is required, for example: aftercare triage "it\'s oozing and hot"');
    const result = classifyReply(text);
    if (values.json) {
      printJson(result);
      return;
    }
    const words = result.matched.length > 0 ? result.matched.map((m) => JSON.stringify(m)).join(', ') : 'no listed words';
    process.stdout.write(`${result.class}: ${words}\n`);
  },
};
