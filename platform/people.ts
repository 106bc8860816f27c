/**
 * The stores behind sign-in, staff and keys (platform/database/*-store.ts implement them on the
 * tables of migration 0003). Secrets arrive here as digests: the stores never see a password, a
 * session token, a link token or an API key.
 */
import type { ClinicRole, Role } from '../domain/roles';
import type { AuditLog } from './audit';
import type { InboxStore } from './inbox';
import type { ClinicNumbersStore, MetricTotalsStore, TextDeliveryLog } from './numbers';
import type { PhotoStore } from './photos';

export interface Person {
  id: string;
  email: string;
  name: string;
  role: Role;
  clinicId: string | null;
  active: boolean;
  /** Invited and not yet accepted: no password chosen. */
  invited: boolean;
  createdAt: Date;
}

export interface PersonWithSecret extends Person {
  passwordHash: string | null;
}

/** The email belongs to someone already (emails are unique across clinics). */
export class PersonExistsError extends Error {
  override name = 'PersonExistsError';
  constructor() {
    super('someone with this email has an account already');
  }
}

/** The change would leave the clinic without an owner who can sign in and manage it. */
export class LastOwnerError extends Error {
  override name = 'LastOwnerError';
  constructor(readonly clinicId: string) {
    super(`the last active owner of clinic "${clinicId}" cannot be demoted or deactivated: make someone else an owner first`);
  }
}

export type PersonChange = { role?: Role; active?: boolean; passwordHash?: string; name?: string };

export type NewPerson = { email: string; name: string; passwordHash: string | null } & (
  | { role: 'admin'; clinicId: null }
  | { role: ClinicRole; clinicId: string }
);

export interface PeopleStore {
  findByEmail(email: string): Promise<PersonWithSecret | undefined>;
  get(id: string): Promise<PersonWithSecret | undefined>;
  /** The clinic's people, active or not, oldest first. */
  listOfClinic(clinicId: string): Promise<Person[]>;
  /** Throws PersonExistsError when the email is taken. */
  add(person: NewPerson): Promise<Person>;
  update(id: string, change: PersonChange): Promise<Person>;
  /**
   * Changes a person of `clinicId` unless that leaves the clinic without an active owner who has
   * accepted (LastOwnerError, nothing changed). One transaction with the clinic's owners locked,
   * so two owners demoting each other at once cannot both succeed.
   */
  updateKeepingAnOwner(id: string, clinicId: string, change: PersonChange): Promise<Person>;
  anyAdmin(): Promise<boolean>;
  /** Names by person id, for showing actors in the audit log. */
  namesOf(ids: readonly string[]): Promise<Map<string, string>>;
}

export interface SessionRecord {
  personId: string;
  csrfDigest: string;
  expiresAt: Date;
}

export interface SessionStore {
  create(session: SessionRecord & { tokenDigest: string }): Promise<void>;
  /** The session, when it exists and has not expired at `now`. */
  find(tokenDigest: string, now: Date): Promise<SessionRecord | undefined>;
  end(tokenDigest: string): Promise<void>;
  endAllOf(personId: string): Promise<void>;
}

export type LinkPurpose = 'invitation' | 'password-reset';

export interface LinkStore {
  create(link: { tokenDigest: string; personId: string; purpose: LinkPurpose; expiresAt: Date }): Promise<void>;
  /** Marks the link used and returns its person: once only, and only before it expires. */
  use(tokenDigest: string, purpose: LinkPurpose, now: Date): Promise<string | undefined>;
}

export interface ApiKeyInfo {
  id: string;
  clinicId: string;
  name: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiKeyStore {
  create(key: { id: string; clinicId: string; name: string; keyDigest: string; createdBy: string }): Promise<ApiKeyInfo>;
  list(clinicId: string): Promise<ApiKeyInfo[]>;
  /** False when the clinic has no such key. Revoking twice is fine. */
  revoke(clinicId: string, id: string, at: Date): Promise<boolean>;
  /** The key that is not revoked, by digest; records `at` as its last use. */
  useActive(keyDigest: string, at: Date): Promise<{ id: string; clinicId: string } | undefined>;
}

/** An answer given to a webhook delivery, kept so a replay gets the same one and does nothing. */
export interface DeliveryAnswer {
  statusCode: number;
  contentType: string;
  body: string;
}

export interface DeliveryLog {
  answerOf(key: string): Promise<DeliveryAnswer | undefined>;
  /** Keeps the first answer given for `key`; a second one is ignored. */
  remember(key: string, answer: DeliveryAnswer, at: Date): Promise<void>;
}

export interface AccessStores {
  people: PeopleStore;
  sessions: SessionStore;
  links: LinkStore;
  keys: ApiKeyStore;
  audit: AuditLog;
  /** Webhook deliveries handled (api/webhooks/twilio.ts). */
  deliveries: DeliveryLog;
  /** Clients' texts and staff replies (platform/inbox.ts). */
  inbox: InboxStore;
  /** The photos clients text in (platform/photos.ts). */
  photos: PhotoStore;
  /** Twilio's delivery reports of texts (platform/numbers.ts; the status webhook writes them). */
  textDeliveries: TextDeliveryLog;
  /** A clinic's numbers over a period (platform/numbers.ts). */
  numbers: ClinicNumbersStore;
  /** The totals /metrics serves (platform/numbers.ts). */
  metricTotals: MetricTotalsStore;
}
