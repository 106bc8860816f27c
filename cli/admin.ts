/** What the `key` and `staff` commands share: the operator at the server's CLI, and the stores they act on. */
import { operatorCaller, type Caller } from '../app/caller';
import type { AdminDeps } from '../app/clinic-access';
import { openAccessStores } from '../platform/database/access-stores';
import { sealerOf } from '../platform/sealed';
import { cliConfig, withClinics } from './context';

/** Whoever runs the CLI on the server holds its configuration and database: an administrator. */
export const cliCaller: Caller = operatorCaller('cli');

export function withAdmin<T>(fn: (deps: AdminDeps) => Promise<T>): Promise<T> {
  return withClinics((clinics, db) => fn({ clinics, access: openAccessStores(db, sealerOf(cliConfig())), now: () => new Date() }));
}
