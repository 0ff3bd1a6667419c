import { createHash } from "node:crypto";
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type JSONWebKeySet, type JWTPayload, type KeyLike } from "jose";
import type { AuthConfig } from "./tokens";

/**
 * Local development's identity provider: it signs tokens for a chosen person with a key made at
 * start-up and publishes that key as a JWKS, so the API validates local tokens with exactly the
 * code that validates Entra tokens in production. Never used by the production entry.
 */
export const LOCAL_TENANT = "00000000-0000-4000-8000-000000000001";
export const LOCAL_CLIENT_ID = "11111111-1111-4111-8111-111111111111";
export const LOCAL_SCOPE = "access_as_user";

/** A stable, GUID-shaped object id for a local name, so "alice" is the same person every run. */
export function localUserId(name: string, tenant = LOCAL_TENANT): string {
  const h = createHash("sha256").update(`${tenant}/${name.toLowerCase()}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function displayName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export interface LocalIssuer {
  jwks: JSONWebKeySet;
  config: AuthConfig;
  issue(name: string, options?: { tenant?: string; lifetimeSeconds?: number; claims?: JWTPayload }): Promise<string>;
  /** For tests that must prove a bad token is refused. */
  privateKey: KeyLike;
}

export function localIssuerUrl(origin: string, tid: string): string {
  return `${origin}/api/local/${tid}/v2.0`;
}

export async function createLocalIssuer(origin: string): Promise<LocalIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: "local-1", alg: "RS256", use: "sig" };
  const jwks: JSONWebKeySet = { keys: [jwk] };
  const config: AuthConfig = {
    audiences: [`api://localhost/${LOCAL_CLIENT_ID}`, LOCAL_CLIENT_ID],
    jwksUri: `${origin}/api/local/jwks`,
    issuersFor: (tid) => [localIssuerUrl(origin, tid)],
    scope: LOCAL_SCOPE,
    clockToleranceSeconds: 60,
  };
  return {
    jwks,
    config,
    privateKey,
    async issue(name, options = {}) {
      const tid = options.tenant ?? LOCAL_TENANT;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        tid,
        oid: localUserId(name, tid),
        name: displayName(name),
        preferred_username: `${name.toLowerCase()}@local.test`,
        scp: LOCAL_SCOPE,
        ...options.claims,
      })
        .setProtectedHeader({ alg: "RS256", kid: "local-1", typ: "JWT" })
        .setIssuer(localIssuerUrl(origin, tid))
        .setAudience(`api://localhost/${LOCAL_CLIENT_ID}`)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.lifetimeSeconds ?? 3600))
        .sign(privateKey);
    },
  };
}

/** The local verifier reads the JWKS in-process: the same jwtVerify path, without a fetch. */
export function localKeys(issuer: LocalIssuer) {
  return createLocalJWKSet(issuer.jwks);
}
