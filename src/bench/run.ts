import autocannon from "autocannon";
import { TableClient } from "@azure/data-tables";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { startAzurite } from "../local/azurite";
import { startLocalHost, type LocalHost } from "../local/host";
import { tokenBucket } from "../functions/limits";
import { joinBoard, pushFigures, sweepFigures } from "./push";

/**
 * `npm run bench`: figures for the local stack (Azurite + the local host + the built tab), each a
 * median over repeated runs, with ratios to a baseline measured in the same run. It prints a
 * table and writes bench-results/results.{json,md}. It asserts nothing about time.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const RUNS = Number(process.env["BENCH_RUNS"] ?? 3);
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 5);
/** The push figures drive a real tab: fewer repetitions (BENCH_PUSH_RUNS × 5 writes) and a short idle window. */
const PUSH_RUNS = Number(process.env["BENCH_PUSH_RUNS"] ?? 2);
const IDLE_SECONDS = Number(process.env["BENCH_IDLE_SECONDS"] ?? 20);

type Figure = { name: string; value: number; unit: string; note?: string };
const figures: Figure[] = [];
const record = (name: string, value: number, unit: string, note?: string) => {
  figures.push({ name, value: Math.round(value * 100) / 100, unit, ...(note ? { note } : {}) });
  console.log(`  ${name}: ${Math.round(value * 100) / 100} ${unit}${note ? ` (${note})` : ""}`);
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function call(host: LocalHost, token: string, method: string, apiPath: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${host.url}/api/${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const boardPath = (chat: string) => `boards/${encodeURIComponent(chat)}`;

async function main(): Promise<void> {
  const azurite = await startAzurite();
  const host = await startLocalHost({
    port: 0,
    connectionString: azurite.connectionString,
    tableName: "bench",
    tabDir: path.join(ROOT, "dist", "tab"),
    limiter: tokenBucket(1e9, 1e9),
  });
  const rows = host.deps.services.store.rows;
  const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => host.issuer.issue(`voter${i}`)));
  const organizer = await host.issuer.issue("alice");
  try {
    console.log(`Scrum of Scrums benchmarks — ${RUNS} runs each, ${SECONDS} s load windows\n`);

    // Ten boards, each with a topic; every voter may place 10 dots so casts do not hit the limit.
    const boards = Array.from({ length: 10 }, (_, i) => `bench-board-${i}`);
    const topics: string[] = [];
    for (const chat of boards) {
      // Everyone in these meetings is on the board's roster, as Teams would say; alice organizes.
      await joinBoard(host, chat, ["alice", ...tokens.map((_, i) => `voter${i}`)]);
      await call(host, organizer, "PATCH", `${boardPath(chat)}/settings`, { votesPerPerson: 10 });
      topics.push(String((await call(host, organizer, "POST", `${boardPath(chat)}/topics`, { title: "Load" })).body["id"]));
    }

    console.log("Votes: 50 concurrent voters across 10 boards (each casts then withdraws a dot)");
    const rps: number[] = [];
    const p50: number[] = [];
    const p99: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let next = 0;
      const result = await autocannon({
        url: host.url,
        connections: 50,
        duration: SECONDS,
        setupClient: (client) => {
          const i = next++ % 50;
          const b = i % 10;
          const votes = `/api/${boardPath(boards[b]!)}/topics/${topics[b]!}/votes`;
          client.setRequests([
            { method: "POST", path: votes, headers: { authorization: `Bearer ${tokens[i]!}` } },
            { method: "DELETE", path: votes, headers: { authorization: `Bearer ${tokens[i]!}` } },
          ]);
        },
      });
      rps.push(result.requests.average);
      p50.push(result.latency.p50);
      p99.push(result.latency.p99);
      if (result.non2xx || result.errors) console.log(`    run ${run + 1}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    }
    record("vote requests/s", median(rps), "req/s");
    record("vote latency p50", median(p50), "ms");
    record("vote latency p99", median(p99), "ms");

    // Baseline: one raw insert into the same Azurite, one request at a time, against one vote at a time.
    const raw = TableClient.fromConnectionString(azurite.connectionString, "benchraw", { allowInsecureConnection: true });
    await raw.createTable();
    const rawTimes: number[] = [];
    const voteTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      let t = performance.now();
      await raw.createEntity({ partitionKey: "p", rowKey: `r${i}`, data: "{}" });
      rawTimes.push(performance.now() - t);
      t = performance.now();
      await call(host, tokens[0]!, "POST", `${boardPath(boards[0]!)}/topics/${topics[0]!}/votes`);
      voteTimes.push(performance.now() - t);
      await call(host, tokens[0]!, "DELETE", `${boardPath(boards[0]!)}/topics/${topics[0]!}/votes`);
    }
    record("raw Table insert p50 (sequential)", median(rawTimes), "ms");
    record("vote p50 (sequential)", median(voteTimes), "ms");
    record("vote / raw insert latency", median(voteTimes) / median(rawTimes), "×", "the same Azurite, the same run");

    console.log("Storage operations, counted at the store boundary");
    const chat = boards[1]!;
    const count = async (n: number, fn: () => Promise<unknown>) => {
      const before = rows.metrics.operations;
      for (let i = 0; i < n; i++) await fn();
      return (rows.metrics.operations - before) / n;
    };
    record("storage ops per vote (cast)", await count(20, async () => {
      await call(host, tokens[2]!, "POST", `${boardPath(chat)}/topics/${topics[1]!}/votes`);
      const before = rows.metrics.operations;
      await call(host, tokens[2]!, "DELETE", `${boardPath(chat)}/topics/${topics[1]!}/votes`);
      rows.metrics.operations = before;
    }), "ops");
    record("storage ops per vote withdrawn", await count(20, async () => {
      const before = rows.metrics.operations;
      await call(host, tokens[2]!, "POST", `${boardPath(chat)}/topics/${topics[1]!}/votes`);
      rows.metrics.operations = before;
      await call(host, tokens[2]!, "DELETE", `${boardPath(chat)}/topics/${topics[1]!}/votes`);
    }), "ops");
    record("storage ops per topic added", await count(10, () => call(host, tokens[2]!, "POST", `${boardPath(boards[6]!)}/topics`, { title: "Counted" })), "ops");
    const state = await call(host, tokens[3]!, "GET", `${boardPath(chat)}/state`);
    const etag = state.headers.get("etag") ?? "";
    record("storage ops per unchanged poll (304)", await count(50, () => call(host, tokens[3]!, "GET", `${boardPath(chat)}/state`, undefined, { "if-none-match": etag })), "ops");
    record("storage ops per full state read", await count(20, () => call(host, tokens[3]!, "GET", `${boardPath(chat)}/state`)), "ops");

    console.log("Polls: 200 side panels polling an unchanged session with If-None-Match");
    const pollChat = boards[2]!;
    const panelTags = await Promise.all(tokens.map(async (t) => (await call(host, t, "GET", `${boardPath(pollChat)}/state`)).headers.get("etag") ?? ""));
    const pollRps: number[] = [];
    const not304: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let next = 0;
      const result = await autocannon({
        url: host.url,
        connections: 200,
        duration: SECONDS,
        setupClient: (client) => {
          const i = next++ % 50;
          client.setRequests([{ method: "GET", path: `/api/${boardPath(pollChat)}/state`, headers: { authorization: `Bearer ${tokens[i]!}`, "if-none-match": panelTags[i]! } }]);
        },
      });
      pollRps.push(result.requests.average);
      not304.push(result["2xx"] + result["4xx"] + result["5xx"]);
    }
    record("unchanged polls/s (304)", median(pollRps), "req/s", `${median(not304)} answers were not 304`);
    const memory = process.memoryUsage();
    record("memory after the load (bench process: host + load generator)", memory.rss / 2 ** 20, "MiB RSS", `heap used ${Math.round(memory.heapUsed / 2 ** 20)} MiB`);
    // Baseline: what Azurite itself serves of point reads at the same concurrency, in the same run.
    await raw.createEntity({ partitionKey: "p", rowKey: "head", data: "{}" });
    const rawReads: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let done = 0;
      const until = performance.now() + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: 200 }, async () => {
          while (performance.now() < until) {
            await raw.getEntity("p", "head");
            done++;
          }
        }),
      );
      rawReads.push(done / SECONDS);
    }
    record("raw Azurite point reads/s (200 concurrent)", median(rawReads), "req/s");
    record("304 polls / raw point reads", median(pollRps) / median(rawReads), "×", "1.0 would mean the API adds nothing to the one storage read a poll costs");

    console.log("Propagation: one person's vote until another panel's poll shows it");
    const propChat = boards[3]!;
    const delays: number[] = [];
    let tag = (await call(host, tokens[5]!, "GET", `${boardPath(propChat)}/state`)).headers.get("etag") ?? "";
    for (let i = 0; i < 30; i++) {
      const method = i % 2 ? "DELETE" : "POST";
      const t0 = performance.now();
      await call(host, tokens[4]!, method, `${boardPath(propChat)}/topics/${topics[3]!}/votes`);
      // The other panel polls as fast as the tab does between two ticks: every 50 ms here.
      for (;;) {
        const poll = await call(host, tokens[5]!, "GET", `${boardPath(propChat)}/state`, undefined, { "if-none-match": tag });
        if (poll.status === 200) {
          tag = poll.headers.get("etag") ?? "";
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      delays.push(performance.now() - t0);
    }
    record("vote → other panel p50", median(delays), "ms", "API-level: a client polling every 50 ms (the tab's own figures are under Push)");
    record("vote → other panel p95", percentile(delays, 95), "ms");

    console.log("Push: a write until a second panel (the real tab) shows it; what an idle panel costs");
    await pushFigures(host, record, PUSH_RUNS, IDLE_SECONDS);

    console.log("Reminder sweep: one sweep as bot boards and due reminders grow");
    await sweepFigures(host, record);

    console.log("Timer skew between two panels");
    const timerChat = boards[4]!;
    await call(host, organizer, "POST", `${boardPath(timerChat)}/timer/next`, {});
    const skews: number[] = [];
    for (let i = 0; i < 20; i++) {
      const panels = await Promise.all(
        [tokens[6]!, tokens[7]!].map(async (t) => {
          const sent = Date.now();
          const res = await call(host, t, "GET", `${boardPath(timerChat)}/state`);
          const received = Date.now();
          const serverTime = Number(res.headers.get("x-server-time"));
          const offset = serverTime - (sent + received) / 2;
          const timer = res.body["timer"] as { endsAt: number };
          return { endsAt: timer.endsAt, offset };
        }),
      );
      const at = Date.now();
      const [a, b] = panels.map((p) => p.endsAt - (at + p.offset));
      skews.push(Math.abs(a! - b!));
    }
    record("timer skew between two panels p50", median(skews), "ms");
    record("timer skew between two panels max", Math.max(...skews), "ms");

    console.log("Load shedding: 1,000 requests at once from 50 people, against this instance's storage cap");
    const burstChat = boards[5]!;
    const burstTags = await Promise.all(tokens.map(async (t) => (await call(host, t, "GET", `${boardPath(burstChat)}/state`)).headers.get("etag") ?? ""));
    for (const [label, poll] of [["polls (If-None-Match)", true], ["full reads", false]] as const) {
      const b = await burst(host.url, `/api/${boardPath(burstChat)}/state`, tokens, poll ? burstTags : null);
      record(`1,000 parallel ${label}: answered`, (100 * b.answered) / b.total, "%", `${b.total - b.answered} refused with 503`);
      if (b.refusals.length) {
        record(`1,000 parallel ${label}: refusal latency p99`, percentile(b.refusals, 99), "ms");
        record(`1,000 parallel ${label}: Retry-After spread`, b.retryAfter.size, "distinct values", `${Math.min(...b.retryAfter)}–${Math.max(...b.retryAfter)} s`);
      }
      record(`1,000 parallel ${label}: answer latency p99`, b.answers.length ? percentile(b.answers, 99) : 0, "ms");
    }

    console.log("Tab");
    const tabDir = path.join(ROOT, "dist", "tab");
    if (existsSync(path.join(tabDir, "index.html"))) {
      const html = readFileSync(path.join(tabDir, "index.html"), "utf8");
      const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
      const gz = initial.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(tabDir, f))).length, 0);
      record("tab initial JS (gzip)", gz / 1024, "KiB", `${initial.length} file(s)`);
      const renders = await timeToFirstRender(host.url);
      if (renders.length) record("tab time to first contentful paint", median(renders), "ms", "headless Chromium, loopback");
    } else console.log("  (dist/tab is not built: run npm run build)");

    const outDir = path.join(ROOT, "bench-results");
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, "results.json"), JSON.stringify({ date: new Date().toISOString(), runs: RUNS, seconds: SECONDS, figures }, null, 2) + "\n");
    const md = ["| figure | value | unit | note |", "| --- | ---: | --- | --- |", ...figures.map((f) => `| ${f.name} | ${f.value} | ${f.unit} | ${f.note ?? ""} |`)].join("\n");
    writeFileSync(path.join(outDir, "results.md"), md + "\n");
    console.log(`\n${md}\n\nWritten to bench-results/results.json and results.md`);
  } finally {
    await host.close();
    await azurite.stop();
  }
}

/** Sends 1,000 GETs at once (people taking turns over the tokens) and sorts out answers from refusals. */
async function burst(base: string, apiPath: string, tokens: string[], etags: string[] | null) {
  const results = await Promise.all(
    Array.from({ length: 1000 }, async (_, n) => {
      const i = n % tokens.length;
      const t0 = performance.now();
      const res = await fetch(`${base}${apiPath}`, { headers: { authorization: `Bearer ${tokens[i]!}`, ...(etags ? { "if-none-match": etags[i]! } : {}) } }).catch(() => null);
      await res?.arrayBuffer();
      return { status: res?.status ?? 0, ms: performance.now() - t0, retryAfter: Number(res?.headers.get("retry-after") ?? NaN) };
    }),
  );
  const refused = results.filter((r) => r.status === 503);
  const answered = results.filter((r) => r.status === 200 || r.status === 304);
  return {
    total: results.length,
    answered: answered.length,
    answers: answered.map((r) => r.ms),
    refusals: refused.map((r) => r.ms),
    retryAfter: new Set(refused.map((r) => r.retryAfter).filter((v) => Number.isFinite(v))),
  };
}

async function timeToFirstRender(url: string): Promise<number[]> {
  const executablePath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    console.log("  (no Chromium at /usr/bin/chromium: skipping time to first render)");
    return [];
  }
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < Math.max(RUNS, 3); i++) {
      const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
      const page = await context.newPage();
      await page.route(/res\.cdn\.office\.net|validDomains/, (route) => route.fulfill({ status: 200, contentType: "application/json", body: "[]" }));
      await page.goto(`${url}/?as=alice&chat=bench-render`, { waitUntil: "load" });
      const fcp = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const seen = performance.getEntriesByName("first-contentful-paint")[0];
            if (seen) return resolve(seen.startTime);
            new PerformanceObserver((list) => resolve(list.getEntries()[0]?.startTime ?? -1)).observe({ type: "paint", buffered: true });
          }),
      );
      if (fcp > 0) times.push(fcp);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return times;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
