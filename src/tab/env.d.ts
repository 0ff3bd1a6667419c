/** Build-time settings Vite substitutes into the tab (see src/tab/state/api.ts). */
interface ImportMetaEnv {
  /** Origin of the API when the tab is served from elsewhere, e.g. "https://sos-api.azurewebsites.net"; empty or unset: same origin. */
  readonly VITE_API_BASE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
