#!/usr/bin/env node
// Builds the Teams app package offline: fills the ${{VAR}} placeholders of appPackage/manifest.json
// from env/.env.<env> (process.env wins), checks the result against the official schemas that
// ship in @microsoft/app-manifest, and zips manifest, icons and language files at the zip root.
//
//   node scripts/package-app.js                  env/.env.local -> appPackage/build/appPackage.local.zip
//   node scripts/package-app.js --env dev        env/.env.dev   -> appPackage/build/appPackage.dev.zip
//   node scripts/package-app.js --out some.zip   write the package elsewhere
//
// `teamsapp provision` builds the same package with teamsApp/zipAppPackage; this script needs no
// sign-in and no network, so CI and tests can build and check it.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node with no build step */

const fs = require("node:fs");
const path = require("node:path");
const yazl = require("yazl");
const Ajv = require("ajv").default;
const addFormats = require("ajv-formats").default;
const { AppManifestUtils } = require("@microsoft/app-manifest");

const ROOT = path.resolve(__dirname, "..");
const APP_DIR = path.join(ROOT, "appPackage");
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
// A fixed timestamp keeps the zip byte-identical for identical inputs.
const ZIP_MTIME = new Date("2000-01-01T00:00:00Z");

/** Bad command line: exit code 2, as opposed to 1 for a package that fails validation. */
class UsageError extends Error {}

function parseArgs(argv) {
  const args = { env: "local", out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--env") args.env = value();
    else if (arg === "--out") args.out = path.resolve(value());
    else if (arg === "--help" || arg === "-h") args.help = true;
    else throw new UsageError(`unknown argument ${arg}`);
  }
  if (!/^[A-Za-z0-9_-]+$/.test(args.env)) throw new UsageError(`bad environment name ${args.env}`);
  return args;
}

/** Reads a dotenv file the way teamsapp does: KEY=VALUE lines, # comments, optional quotes. */
function readEnvFile(file) {
  const vars = {};
  for (const [n, raw] of fs.readFileSync(file, "utf8").split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new Error(`${path.relative(ROOT, file)}:${n + 1}: not KEY=VALUE`);
    let value = m[2];
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, "").trim();
    vars[m[1]] = value;
  }
  return vars;
}

/** Replaces every ${{VAR}}; returns the text and the names that had no value at all. */
function fillPlaceholders(text, vars) {
  const missing = new Set();
  const filled = text.replace(PLACEHOLDER, (whole, name) => {
    if (vars[name] === undefined) {
      missing.add(name);
      return whole;
    }
    // Values land inside JSON strings: escape them as JSON would.
    return JSON.stringify(vars[name]).slice(1, -1);
  });
  return { filled, missing: [...missing] };
}

function schemaDir(manifestVersion) {
  const pkg = path.dirname(require.resolve("@microsoft/app-manifest/package.json"));
  const dir = path.join(pkg, "build", "json-schemas", "teams", `v${manifestVersion}`);
  if (!fs.existsSync(dir)) throw new Error(`no schema for manifest version ${manifestVersion} in @microsoft/app-manifest`);
  return dir;
}

/** The published schemas contain `\a`, which JSON Schema regexes reject; the toolkit swaps it the same way. */
function readSchema(file) {
  return JSON.parse(fs.readFileSync(file, "utf8").replace(/\\a/g, "\\x07"));
}

async function validateManifest(manifest, schema) {
  const errors = await AppManifestUtils.validateAgainstSchema(manifest, schema);
  return errors.map((e) => `manifest.json: ${e}`);
}

/**
 * The localization schema has a pattern that is only valid as a non-unicode regex, which
 * AppManifestUtils compiles as unicode. Ajv without unicode regexes reads it as Teams does; the
 * schema uses no draft-04-only keyword, so the draft-04 meta-schema reference can go.
 */
function validateLocalization(doc, schema, label) {
  const { $schema: _draft, ...rest } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv, ["uri"]);
  const check = ajv.compile(rest);
  if (check(doc)) return [];
  return (check.errors ?? []).map((e) => `${label}: ${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}

function zipTo(outFile, entries) {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, data] of entries) zip.addBuffer(data, name, { mtime: ZIP_MTIME, mode: 0o100644 });
    zip.outputStream
      .pipe(fs.createWriteStream(outFile))
      .on("close", resolve)
      .on("error", reject);
    zip.end();
  });
}

async function buildPackage({ env, out }) {
  const envFile = path.join(ROOT, "env", `.env.${env}`);
  if (!fs.existsSync(envFile)) throw new UsageError(`no ${path.relative(ROOT, envFile)}`);
  const fromFile = readEnvFile(envFile);
  const vars = { ...fromFile };
  for (const name of Object.keys(process.env)) vars[name] = process.env[name];

  const template = fs.readFileSync(path.join(APP_DIR, "manifest.json"), "utf8");
  const { filled, missing } = fillPlaceholders(template, vars);
  if (missing.length) {
    throw new Error(`manifest.json uses ${missing.join(", ")}, set in neither ${path.relative(ROOT, envFile)} nor the environment`);
  }
  const manifest = JSON.parse(filled);

  const dir = schemaDir(manifest.manifestVersion);
  const errors = await validateManifest(manifest, readSchema(path.join(dir, "MicrosoftTeams.schema.json")));

  // Everything the manifest points at goes into the package, at the zip root as Teams expects.
  const files = [manifest.icons.color, manifest.icons.outline];
  for (const lang of manifest.localizationInfo?.additionalLanguages ?? []) files.push(lang.file);
  if (manifest.localizationInfo?.defaultLanguageFile) files.push(manifest.localizationInfo.defaultLanguageFile);

  const entries = [["manifest.json", Buffer.from(JSON.stringify(manifest, null, 2) + "\n")]];
  const localizationSchema = readSchema(path.join(dir, "MicrosoftTeams.Localization.schema.json"));
  for (const file of files) {
    if (path.basename(file) !== file) errors.push(`${file}: Teams reads files from the package root only`);
    const data = fs.readFileSync(path.join(APP_DIR, file));
    if (file.endsWith(".json")) {
      const lang = fillPlaceholders(data.toString("utf8"), vars);
      if (lang.missing.length) errors.push(`${file}: ${lang.missing.join(", ")} not set`);
      errors.push(...validateLocalization(JSON.parse(lang.filled), localizationSchema, file));
      entries.push([file, Buffer.from(lang.filled)]);
    } else {
      entries.push([file, data]);
    }
  }

  if (errors.length) {
    const used = new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]));
    const empty = [...used].filter((name) => vars[name] === "");
    const hint = empty.length ? `\n(empty in ${path.relative(ROOT, envFile)}: ${empty.join(", ")} - has \`teamsapp provision --env ${env}\` run?)` : "";
    throw new Error(`the package would not pass Teams validation:\n  ${errors.join("\n  ")}${hint}`);
  }

  const outFile = out ?? path.join(APP_DIR, "build", `appPackage.${env}.zip`);
  await zipTo(outFile, entries);
  return { outFile, entries: entries.map(([name]) => name) };
}

async function main() {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args.help) {
      console.log("usage: node scripts/package-app.js [--env local|dev|<name>] [--out <file.zip>]");
      return;
    }
    const { outFile, entries } = await buildPackage(args);
    console.log(`wrote ${path.relative(process.cwd(), outFile)} (${entries.join(", ")})`);
  } catch (err) {
    console.error(`package-app: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}

main();
