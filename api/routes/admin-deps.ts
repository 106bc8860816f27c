import type { AdminDeps } from '../../app/clinic-access';
import type { ApiContext } from '../context';

/** What the administration operations take, from the API's own dependencies. */
export const adminDepsOf = (ctx: ApiContext): AdminDeps => ({ clinics: ctx.deps.clinics, access: ctx.deps.access, now: ctx.now });
