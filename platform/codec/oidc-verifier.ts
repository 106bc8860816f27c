/**
 * The codec server's check of the access token a signed-in Temporal Web UI passes
 * (`codec.passAccessToken: true`, TEMPORAL_CODEC_PASS_ACCESS_TOKEN): a JWT signed by one of the
 * OIDC issuer's keys (its JWKS, found through the issuer's discovery document unless given), from
 * that issuer, unexpired, and for the configured audience. jose does the JWT
 * work; keys are fetched once and again when an unknown key id shows up (rotation).
 */
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

export interface OidcVerifierOptions {
  /** The issuer exactly as its tokens name it (`iss`), e.g. https://login.example.com/realms/ops. */
  issuer: string;
  /** The `aud` the tokens must carry (the UI's client id, or an API audience). */
  audience: string;
  /** The JWKS URL; default: `jwks_uri` of `<issuer>/.well-known/openid-configuration`. */
  jwksUrl?: string;
}

/** Tolerated clock difference between the issuer and this server, seconds. */
const CLOCK_TOLERANCE_SECONDS = 30;

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

/** Where the issuer publishes its keys, from its discovery document. */
async function discoverJwksUrl(issuer: string): Promise<string> {
  const document = (await fetchJson(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`)) as { jwks_uri?: unknown };
  if (typeof document.jwks_uri !== 'string') throw new Error(`the OIDC discovery document of ${issuer} names no jwks_uri`);
  return document.jwks_uri;
}

/** `(token) => Promise<boolean>` for createCodecServerHandler's `token`. */
export function oidcAccessTokenVerifier(options: OidcVerifierOptions): (presented: string) => Promise<boolean> {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const keySet = (): Promise<JWTVerifyGetKey> => {
    keys ??= (options.jwksUrl ? Promise.resolve(options.jwksUrl) : discoverJwksUrl(options.issuer)).then((url) => createRemoteJWKSet(new URL(url)));
    // A failed discovery is tried again at the next request, not remembered.
    keys.catch(() => (keys = undefined));
    return keys;
  };
  return async (presented) => {
    try {
      await jwtVerify(presented, await keySet(), {
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      });
      return true;
    } catch {
      return false;
    }
  };
}
