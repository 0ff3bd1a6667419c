export default async function globalTeardown(): Promise<void> {
  await globalThis.__BROWSER_SERVER__?.close();
  await globalThis.__AZURITE__?.stop();
}
