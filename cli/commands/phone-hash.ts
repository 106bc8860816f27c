/** `aftercare phone-hash <phone>`: the PhoneHash search attribute of a number, to find its client in the Temporal UI. */
import { PHONE_NUMBER_HINT, phoneNumberProblem } from '../../domain/phone';
import { phoneHash } from '../../app/phone-hash';
import { cliConfig } from '../context';
import { UsageError, type Command } from '../kit';

export const phoneHashCommand: Command = {
  summary: 'print the PhoneHash search attribute of a phone number, to find its client in the Temporal UI',
  usage: 'aftercare phone-hash <+E.164 phone>',
  options: {},
  async run({ positionals }) {
    const phone = positionals[0];
    if (!phone) throw new UsageError(`<phone> is required: it ${PHONE_NUMBER_HINT}`);
    const problem = phoneNumberProblem(phone);
    if (problem) throw new UsageError(`<phone> ${problem}`);
    const key = cliConfig().PHONE_HASH_KEY;
    if (!key) throw new UsageError('PHONE_HASH_KEY is not set (in the environment or .env.local): it is the key enrollments were hashed with');
    const hash = phoneHash(phone, key);
    process.stdout.write(`${hash}\n`);
    if (process.stdout.isTTY) process.stderr.write(`Temporal UI query: PhoneHash = "${hash}"\n`);
  },
};
