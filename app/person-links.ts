/**
 * One-time links emailed to people: an invitation (choose a password, 7 days) and a password reset
 * (1 hour). The token is 32 random bytes in base64url and lives only in the email; the database
 * keeps its digest, and a link works once.
 */
import type { AccessStores, LinkPurpose } from '../platform/people';
import { newToken, sha256Hex } from './tokens';

/** How long an invitation stays open (the email and the CLI say so). */
export const INVITATION_DAYS = 7;

export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
  invitation: INVITATION_DAYS * 24 * 60 * 60 * 1000,
  'password-reset': 60 * 60 * 1000,
};

/** Where the page opens each kind of link (web/ reads these routes). */
const PAGE_ROUTE: Record<LinkPurpose, string> = { invitation: 'invite', 'password-reset': 'reset' };

/** Makes a link for the person; the token, to be put in the email and nowhere else. */
export async function createPersonLink(access: Pick<AccessStores, 'links'>, personId: string, purpose: LinkPurpose, now: Date): Promise<string> {
  const token = newToken();
  await access.links.create({ tokenDigest: sha256Hex(token), personId, purpose, expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS[purpose]) });
  return token;
}

/** The page's address for a link: `${base}/#/reset/<token>` or `${base}/#/invite/<token>`. */
export const personLinkUrl = (baseUrl: string, purpose: LinkPurpose, token: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/#/${PAGE_ROUTE[purpose]}/${token}`;
