import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import type { LocalHost } from "../local/host";
import { keys } from "../store/keys";

/**
 * The bench's push figures (issue 17): how fast a change reaches another panel running the real
 * tab code, what an idle panel costs in requests with the stream, with polling only, and when the
 * stream is refused (the fallback); and what one reminder sweep costs as boards and due
 * reminders grow. Nothing here asserts anything about time.
 */

type Record = (name: string, value: number, unit: string, note?: string) => void;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length ? (s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2) : NaN;
};
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

export async function launchChromium(): Promise<Browser | null> {
  const executablePath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) return null;
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

type Mode = "push" | "poll" | "refused";

async function openPanel(browser: Browser, host: LocalHost, chat: string, mode: Mode): Promise<{ page: Page; requests: () => number; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
  const page = await context.newPage();
  await page.route(/res\.cdn\.office\.net|validDomains/, (route) => route.fulfill({ status: 200, contentType: "application/json", body: "[]" }));
  // "refused": the stream route answers 503, as a host without streaming would; the panel must poll.
  if (mode === "refused") await page.route("**/changes", (route) => route.fulfill({ status: 503, contentType: "application/problem+json", body: "{}" }));
  let requests = 0;
  page.on("request", (r) => void (r.url().includes("/api/boards/") && requests++));
  await page.goto(`${host.url}/?as=bob&chat=${encodeURIComponent(chat)}${mode === "poll" ? "&push=off" : ""}`, { waitUntil: "load" });
  await page.getByTestId("panel").waitFor({ timeout: 15000 });
  if (mode === "push") await page.waitForFunction(() => document.documentElement.dataset["sync"] === "push", undefined, { timeout: 15000 });
  return { page, requests: () => requests, close: () => context.close() };
}

/** Puts people on a local board's roster through the local participants route (the first named organizes). */
export async function joinBoard(host: LocalHost, chat: string, names: string[]): Promise<void> {
  for (const [i, name] of names.entries()) {
    const q = new URLSearchParams({ chatId: chat, as: name, role: i === 0 ? "organizer" : "attendee" });
    const res = await fetch(`${host.url}/api/local/participants?${q}`, { method: "PUT" });
    if (!res.ok) throw new Error(`could not add ${name} to ${chat}: ${res.status}`);
  }
}

async function addTopic(host: LocalHost, token: string, chat: string, title: string): Promise<void> {
  await fetch(`${host.url}/api/boards/${encodeURIComponent(chat)}/topics`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ title }),
  });
}

/** Push propagation and idle request rates, each mode measured in the same run. */
export async function pushFigures(host: LocalHost, record: Record, runs: number, idleSeconds: number): Promise<void> {
  const browser = await launchChromium();
  if (!browser) return void console.log("  (no Chromium: skipping push figures)");
  const writer = await host.issuer.issue("alice");
  try {
    for (const mode of ["push", "poll", "refused"] as const) {
      const chat = `bench-push-${mode}`;
      await joinBoard(host, chat, ["alice", "bob"]);
      await addTopic(host, writer, chat, "warm-up");
      const panel = await openPanel(browser, host, chat, mode);
      const delays: number[] = [];
      for (let i = 0; i < Math.max(10, runs * 5); i++) {
        const title = `Change ${i}`;
        const t0 = performance.now();
        await addTopic(host, writer, chat, title);
        await panel.page.getByTestId("topic").filter({ hasText: title }).waitFor({ timeout: 15000 });
        delays.push(performance.now() - t0);
        // Spread the writes over the polling phase, so polling shows its average wait, not a lucky one.
        await new Promise((r) => setTimeout(r, 137 + Math.random() * 300));
      }
      const label = { push: "push", poll: "polling only (?push=off)", refused: "push refused by the server (fallback)" }[mode];
      record(`write → second panel p50, ${label}`, median(delays), "ms", "real tab in headless Chromium; time until the topic is on screen");
      record(`write → second panel p95, ${label}`, percentile(delays, 95), "ms");
      const before = panel.requests();
      await new Promise((r) => setTimeout(r, idleSeconds * 1000));
      record(`requests per idle panel-minute, ${label}`, ((panel.requests() - before) * 60) / idleSeconds, "req/min", `counted over ${idleSeconds} s with nothing changing`);
      await panel.close();
    }
  } finally {
    await browser.close();
  }
}

/** One sweep's storage operations and wall time with many boards and nothing due, then with many due reminders. */
export async function sweepFigures(host: LocalHost, record: Record): Promise<void> {
  const rows = host.deps.services.store.rows;
  const bot = host.bot;
  const now = Date.now();
  let filed = 0;
  const addBoards = async (total: number) => {
    const rowsToAdd = Array.from({ length: total - filed }, (_, i) => {
      const board = { tenantId: "bench", chatId: `19:sweep-${filed + i}@thread.v2` };
      return { rowKey: keys.botBoardRow(board), value: board };
    });
    await rows.insertMany(keys.botBoards, rowsToAdd);
    filed = total;
  };
  const once = async (at: number) => {
    const before = rows.metrics.operations;
    const t0 = performance.now();
    await bot.sweep(at);
    return { ops: rows.metrics.operations - before, ms: performance.now() - t0 };
  };
  await once(now); // anything the rest of the bench filed goes first
  for (const n of [10, 1000, 10000]) {
    await addBoards(n);
    const r = await once(now + 1000);
    record(`one sweep, ${n.toLocaleString("en")} bot boards, nothing due: storage ops`, r.ops, "ops");
    record(`one sweep, ${n.toLocaleString("en")} bot boards, nothing due: wall time`, r.ms, "ms");
  }
  for (const due of [100, 1000]) {
    const at = now + 60_000 * due;
    for (let i = 0; i < due; i++) {
      await bot.logic.store.schedule({
        id: `bench|${due}|${i}`,
        kind: "actionDue",
        tenantId: "bench",
        chatId: `19:sweep-${i}@thread.v2`,
        dueAt: at - 1000,
        data: { actionId: `gone-${i}`, due: "2026-01-01" },
      });
    }
    const r = await once(at);
    record(`one sweep, ${due.toLocaleString("en")} due reminders (each re-checked, none sendable): storage ops`, r.ops, "ops", "10,000 bot boards");
    record(`one sweep, ${due.toLocaleString("en")} due reminders: wall time`, r.ms, "ms");
  }
}
