import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { Caller } from "../service/context";

/**
 * Validates the Teams SSO access token the tab sends (and, locally, the tokens the local host
 * signs): signature against the issuer's JWKS, the issuer of the token's own tenant, audience,
 * expiry with a small skew, and the `access_as_user` scope. The same code serves both.
 */
export interface AuthConfig {
  /** `api://{domain}/{client id}` and the bare client id. */
  audiences: string[];
  jwksUri: string;
  /** The issuers a token from tenant `tid` may carry. */
  issuersFor: (tid: string) => string[];
  scope: string;
  clockToleranceSeconds: number;
}

export class Unauthenticated extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Unauthenticated";
  }
}

export type Verifier = (authorization: string | null) => Promise<Caller>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function entraIssuers(tid: string): string[] {
  return [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`];
}

export function createVerifier(config: AuthConfig, keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(config.jwksUri), { cacheMaxAge: 6 * 60 * 60 * 1000, cooldownDuration: 30_000 })): Verifier {
  // A panel polls every second with the same token: remember tokens already validated until they
  // expire, so a poll costs a map lookup instead of an RSA signature check.
  const validated = new Map<string, { caller: Caller; expiresAt: number }>();
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!match?.[1]) throw new Unauthenticated("Send the Teams SSO token as 'Authorization: Bearer <token>'.");
    const known = validated.get(match[1]);
    if (known && known.expiresAt > Date.now()) return known.caller;
    const entry = await verify(match[1]);
    if (validated.size >= 10_000) validated.clear();
    validated.set(match[1], entry);
    return entry.caller;
  };

  async function verify(token: string): Promise<{ caller: Caller; expiresAt: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        audience: config.audiences,
        algorithms: ["RS256"],
        clockTolerance: config.clockToleranceSeconds,
        requiredClaims: ["exp", "iss", "tid", "oid"],
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new Unauthenticated("The token has expired; get a fresh one.");
      if (err instanceof errors.JWTClaimValidationFailed) throw new Unauthenticated(`The token's ${err.claim} claim is not acceptable.`);
      throw new Unauthenticated("The token could not be validated.");
    }
    const tid = String(payload["tid"]);
    const oid = String(payload["oid"]);
    if (!GUID.test(tid) || !GUID.test(oid)) throw new Unauthenticated("The token does not name a tenant and user.");
    // The issuer must be the token's own tenant: a token minted in one tenant cannot claim another.
    if (!config.issuersFor(tid).includes(String(payload.iss))) throw new Unauthenticated("The token's issuer does not match its tenant.");
    const scopes = String(payload["scp"] ?? "").split(" ");
    if (!scopes.includes(config.scope)) throw new Unauthenticated(`The token lacks the ${config.scope} scope.`);
    const name = String(payload["name"] ?? payload["preferred_username"] ?? "Someone");
    // Cached only until the token's own expiry (no skew): after that it is validated afresh and refused.
    return { caller: { tenantId: tid.toLowerCase(), userId: oid.toLowerCase(), name }, expiresAt: (payload.exp ?? 0) * 1000 };
  }
}

/**
 * How Teams SSO tokens from Entra are checked: the SSO app's audiences, Microsoft's signing keys,
 * and an issuer only for the allowed tenants. Production and the local host debugging in Teams share it.
 */
export function entraAuthConfig(auth: { clientId: string; apiDomain: string; allowedTenants: string[] }): AuthConfig {
  return {
    audiences: [`api://${auth.apiDomain}/${auth.clientId}`, auth.clientId],
    jwksUri: "https://login.microsoftonline.com/common/discovery/v2.0/keys",
    issuersFor: (tid) => (auth.allowedTenants.includes(tid.toLowerCase()) ? entraIssuers(tid) : []),
    scope: "access_as_user",
    clockToleranceSeconds: 120,
  };
}
