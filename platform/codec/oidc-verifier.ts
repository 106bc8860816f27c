/**
 * The codec server's check of the access token a signed-in Temporal Web UI passes
 * (`codec.passAccessToken: true`, TEMPORAL_CODEC_PASS_ACCESS_TOKEN): a JWT signed by one of the
 * OIDC issuer's keys (its JWKS, found through the issuer's discovery document unless given), from
 * that issuer, unexpired, and for the configured audience when there is one. jose does the JWT
 * work; keys are fetched once and again when an unknown key id shows up (rotation).
 */
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

export interface OidcVerifierOptions {
  /** The issuer exactly as its tokens name it (`iss`), e.g. https://login.example.com/realms/ops. */
  issuer: string;
  /** The `aud` the tokens must carry (the UI's client id, or an API audience); any when absent. */
  audience?: string;
  /** The JWKS URL; default: `jwks_uri` of `<issuer>/.well-known/openid-configuration`. */
  jwksUrl?: string;
  /** Tolerated clock difference, seconds. Default 30. */
  clockToleranceSeconds?: number;
  /** For tests: the fetch used for the discovery document. */
  fetchJson?: (url: string) => Promise<unknown>;
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

/** Where the issuer publishes its keys, from its discovery document. */
async function discoverJwksUrl(issuer: string, get: (url: string) => Promise<unknown>): Promise<string> {
  const document = (await get(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`)) as { jwks_uri?: unknown };
  if (typeof document.jwks_uri !== 'string') throw new Error(`the OIDC discovery document of ${issuer} names no jwks_uri`);
  return document.jwks_uri;
}

/** `(token) => Promise<boolean>` for createCodecServerHandler's `token`. */
export function oidcAccessTokenVerifier(options: OidcVerifierOptions): (presented: string) => Promise<boolean> {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const keySet = (): Promise<JWTVerifyGetKey> => {
    keys ??= (options.jwksUrl ? Promise.resolve(options.jwksUrl) : discoverJwksUrl(options.issuer, options.fetchJson ?? fetchJson)).then((url) => createRemoteJWKSet(new URL(url)));
    // A failed discovery is tried again at the next request, not remembered.
    keys.catch(() => (keys = undefined));
    return keys;
  };
  return async (presented) => {
    try {
      await jwtVerify(presented, await keySet(), {
        issuer: options.issuer,
        ...(options.audience ? { audience: options.audience } : {}),
        clockTolerance: options.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp'],
      });
      return true;
    } catch {
      return false;
    }
  };
}
