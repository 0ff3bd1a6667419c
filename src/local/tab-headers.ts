/**
 * The tab's security headers: only Teams and the Microsoft 365 hosts Microsoft documents for
 * tabs (learn.microsoft.com, "Prerequisites" of tab requirements) may frame it; the page may load
 * only its own scripts, Fluent's runtime styles, and talk to itself, the API and teams-js's CDN.
 * The local host sends them; `src/tab/public/staticwebapp.config.json` declares the same for
 * production (a test keeps the two in step).
 */
export const FRAME_ANCESTORS = [
  "https://teams.microsoft.com",
  "https://*.teams.microsoft.com",
  "https://*.cloud.microsoft",
  "https://*.microsoft365.com",
  "https://*.office.com",
  "https://outlook.office.com",
  "https://outlook.office365.com",
];

/** teams-js fetches its list of valid parent origins from here at load. */
export const TEAMS_JS_CDN = "https://res.cdn.office.net";

/** The Content-Security-Policy; `extraAncestors` (the local host's own origin) and `apiOrigins` (a separate API) are added. */
export function tabCsp(options: { extraAncestors?: string[]; apiOrigins?: string[] } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Fluent UI (Griffel) inserts its styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${[...(options.apiOrigins ?? []), TEAMS_JS_CDN].join(" ")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${[...FRAME_ANCESTORS, ...(options.extraAncestors ?? [])].join(" ")}`,
  ].join("; ");
}

/** Hashed build output (Vite's `assets/`) never changes under its name; everything else is checked each time. */
export function tabCacheControl(pathname: string): string {
  return /^\/?assets\//.test(pathname) ? "public, max-age=31536000, immutable" : "no-cache";
}
