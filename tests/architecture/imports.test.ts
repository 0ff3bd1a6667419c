import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * The arrows between modules point one way: no file of `src/` imports itself back through other
 * files, and no top-level folder of `src/` (domain, store, service, functions, bot, reminders,
 * local, auth, schemas, tab, …) imports a folder that imports it back. Type-only imports count:
 * they tie the modules together just the same.
 */

const SRC = path.resolve(__dirname, "..", "..", "src");
const SOURCE = /\.(ts|tsx|mts|cts)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

const rel = (file: string) => path.relative(path.dirname(SRC), file).split(path.sep).join("/");

/** The file a relative specifier names, as Node16 and Vite resolve it (`./x`, `./x.js`, `./x/index`). */
function resolve(from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, "");
  const candidates = [base, ...[".ts", ".tsx", ".mts", ".cts"].map((ext) => stem + ext), ...["index.ts", "index.tsx"].map((index) => path.join(base, index))];
  return candidates.find((c) => SOURCE.test(c) && existsSync(c) && statSync(c).isFile()) ?? null;
}

interface Graph {
  files: string[];
  edges: Map<string, Set<string>>;
  unresolved: string[];
}

/** Every `import … from`, `export … from`, `import("…")` and `require("…")` of a relative path. */
function importGraph(): Graph {
  const files = sourceFiles(SRC).map(rel).sort();
  const edges = new Map<string, Set<string>>();
  const unresolved: string[] = [];
  for (const file of files) {
    const full = path.join(path.dirname(SRC), file);
    const imported = ts.preProcessFile(readFileSync(full, "utf8"), true, true).importedFiles.map((f) => f.fileName);
    const targets = new Set<string>();
    for (const specifier of imported) {
      if (!specifier.startsWith(".")) continue;
      // Stylesheets, images and JSON a bundler loads are leaves: they import nothing back.
      if (/\.(css|svg|png|json|html)$/.test(specifier)) continue;
      const target = resolve(full, specifier);
      if (target) targets.add(rel(target));
      else unresolved.push(`${file} → "${specifier}"`);
    }
    edges.set(file, targets);
  }
  return { files, edges, unresolved };
}

/** Strongly connected components (Tarjan); each one with more than one member, or a self-import, is a cycle. */
function cycles(nodes: string[], edges: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || edges.get(node)?.has(node)) found.push(component.sort());
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return found.sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

/** `src/bot` for `src/bot/endpoint.ts`; a file directly under src/ (config.ts) is its own unit. */
const folderOf = (file: string) => file.split("/").slice(0, 2).join("/");

const graph = importGraph();

test("the scan sees the project's imports: every relative import names a source file", () => {
  expect(graph.files.length).toBeGreaterThan(50);
  expect(graph.unresolved).toEqual([]);
  // A known arrow, so a scanner that saw nothing could not pass the tests below.
  expect([...(graph.edges.get("src/functions/routes.ts") ?? [])]).toContain("src/functions/http.ts");
});

test("no file of src/ imports itself back through other files", () => {
  expect(cycles(graph.files, graph.edges)).toEqual([]);
});

test("no top-level folder of src/ imports a folder that imports it back", () => {
  const folders = [...new Set(graph.files.map(folderOf))].sort();
  const edges = new Map<string, Set<string>>();
  /** For each arrow between two folders, the file imports that draw it, to say what to move. */
  const because = new Map<string, string[]>();
  for (const [file, targets] of graph.edges) {
    for (const target of targets) {
      const from = folderOf(file);
      const to = folderOf(target);
      if (from === to) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
      because.set(`${from} → ${to}`, [...(because.get(`${from} → ${to}`) ?? []), `${file} → ${target}`]);
    }
  }
  const report = cycles(folders, edges).map((component) => ({
    folders: component,
    arrows: [...because].filter(([arrow]) => component.some((a) => component.some((b) => a !== b && arrow === `${a} → ${b}`))).flatMap(([, imports]) => imports),
  }));
  expect(report).toEqual([]);
});
