/** The people table (migration 0003) behind platform/people.ts's PeopleStore: emails and names sealed. */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { LastOwnerError, PersonExistsError, type NewPerson, type PeopleStore, type Person, type PersonChange, type PersonWithSecret } from '../people';
import type { Sealer } from '../sealed';
import type { Database, PersonRow } from './schema';

/** Emails are compared without case or surrounding spaces. */
export const emailKey = (email: string): string => email.trim().toLowerCase();

const UNIQUE_VIOLATION = '23505';

export class SqlPeopleStore implements PeopleStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sealer: Sealer,
  ) {}

  private personOf(row: PersonRow): PersonWithSecret {
    return {
      id: row.id,
      email: this.sealer.open(row.email_sealed),
      name: this.sealer.open(row.name_sealed),
      role: row.role,
      clinicId: row.clinic_id,
      active: row.active,
      invited: row.password_hash === null,
      createdAt: row.created_at,
      passwordHash: row.password_hash,
    };
  }

  private withoutSecret(row: PersonRow): Person {
    const { passwordHash: _, ...person } = this.personOf(row);
    return person;
  }

  async findByEmail(email: string): Promise<PersonWithSecret | undefined> {
    const row = await this.db.selectFrom('people').selectAll().where('email_digest', '=', this.sealer.digest(emailKey(email))).executeTakeFirst();
    return row && this.personOf(row);
  }

  async get(id: string): Promise<PersonWithSecret | undefined> {
    const row = await this.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.personOf(row);
  }

  async listOfClinic(clinicId: string): Promise<Person[]> {
    const rows = await this.db.selectFrom('people').selectAll().where('clinic_id', '=', clinicId).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => this.withoutSecret(r));
  }

  async add(person: NewPerson): Promise<Person> {
    const now = new Date();
    try {
      const row = await this.db
        .insertInto('people')
        .values({
          id: randomUUID(),
          email_digest: this.sealer.digest(emailKey(person.email)),
          email_sealed: this.sealer.seal(person.email.trim()),
          name_sealed: this.sealer.seal(person.name),
          role: person.role,
          clinic_id: person.clinicId,
          password_hash: person.passwordHash,
          active: true,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return this.withoutSecret(row);
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new PersonExistsError();
      throw err;
    }
  }

  async update(id: string, change: PersonChange): Promise<Person> {
    return this.updateIn(this.db, id, change);
  }

  async updateKeepingAnOwner(id: string, clinicId: string, change: PersonChange): Promise<Person> {
    return this.db.transaction().execute(async (trx) => {
      const owners = async () =>
        (
          await trx
            .selectFrom('people')
            .select('id')
            .where('clinic_id', '=', clinicId)
            .where('role', '=', 'owner')
            .where('active', '=', true)
            .where('password_hash', 'is not', null)
            .forUpdate()
            .execute()
        ).length;
      const before = await owners();
      const changed = await this.updateIn(trx, id, change);
      // A clinic whose owners are all still invited has none to lose: its administrator manages it.
      if (before > 0 && (await owners()) === 0) throw new LastOwnerError(clinicId);
      return changed;
    });
  }

  private async updateIn(db: Kysely<Database> | Transaction<Database>, id: string, change: PersonChange): Promise<Person> {
    const row = await db
      .updateTable('people')
      .set({
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.active !== undefined ? { active: change.active } : {}),
        ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
        ...(change.name !== undefined ? { name_sealed: this.sealer.seal(change.name) } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.withoutSecret(row);
  }

  async anyAdmin(): Promise<boolean> {
    const row = await this.db.selectFrom('people').select('id').where('role', '=', 'admin').where('active', '=', true).executeTakeFirst();
    return row !== undefined;
  }

  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('people').select(['id', 'name_sealed']).where('id', 'in', [...ids]).execute();
    return new Map(rows.map((r) => [r.id, this.sealer.open(r.name_sealed)]));
  }
}
