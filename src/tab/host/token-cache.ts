/**
 * One token per lifetime: the host (Teams SSO or the local issuer) is asked again only shortly
 * before the token it gave expires, not on every API call. Concurrent callers share one request.
 */
export const RENEW_BEFORE_MS = 5 * 60_000;

/** The token's `exp` in ms, or 0 when it cannot be read (such a token is used once, then renewed). */
export function tokenExpiry(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split(".")[1]?.replace(/-/g, "+").replace(/_/g, "/") ?? "")) as { exp?: number };
    return typeof payload.exp === "number" ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

export function cachedToken(fetchToken: () => Promise<string>, now: () => number = Date.now): () => Promise<string> {
  let current: Promise<{ value: string; exp: number }> | null = null;
  const renew = () => {
    const next = fetchToken().then((value) => ({ value, exp: tokenExpiry(value) }));
    // A failed request is forgotten, so the next call (e.g. Retry) asks again.
    next.catch(() => {
      if (current === next) current = null;
    });
    current = next;
    return next;
  };
  return async () => {
    const held = current ? await current.catch(() => null) : null;
    if (held && held.exp - now() > RENEW_BEFORE_MS) return held.value;
    return (await renew()).value;
  };
}
