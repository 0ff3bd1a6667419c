/** @jest-environment node */
// The Teams app package: what Teams would refuse (schema, icons, localization), what would drift
// from the code (bot commands, tab contexts, SSO ids) and what scripts/package-app.js ships.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { AppManifestUtils } from "@microsoft/app-manifest";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { PNG } from "pngjs";
import yauzl from "yauzl";
import { BOT_COMMANDS } from "../../src/bot/commands";
import { TAB_CONTEXTS } from "../../src/tab/contexts";

// @microsoft/app-manifest loads strip-bom, which is ESM-only and beyond jest's CommonJS runtime.
// Validating an object in memory never strips a BOM, so a stand-in is enough.
jest.mock("strip-bom", () => (text: string) => text.replace(/^\uFEFF/, ""));

const ROOT = path.resolve(__dirname, "../..");
const APP = path.join(ROOT, "appPackage");
const SCRIPT = path.join(ROOT, "scripts", "package-app.js");
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

type Json = Record<string, unknown>;
interface Command {
  title: string;
  description?: string;
}
interface CommandList {
  scopes: string[];
  commands: Command[];
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  icons: { color: string; outline: string };
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: { languageTag: string; file: string }[] };
  configurableTabs: { configurationUrl: string; scopes: string[]; context: string[]; canUpdateConfiguration?: boolean }[];
  bots: { botId: string; scopes: string[]; commandLists: CommandList[] }[];
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
  authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
}

const read = (...parts: string[]) => fs.readFileSync(path.join(ROOT, ...parts), "utf8");

/** A deliberately separate dotenv reader, so the script's own parsing is checked, not reused. */
function envFile(name: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of read("env", name).split("\n")) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) vars[m[1]] = m[2].replace(/^"(.*)"$/, "$1");
  }
  return vars;
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => vars[name] ?? whole);
}

const placeholders = (text: string) => new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string));

const template = read("appPackage", "manifest.json");
const localEnv = envFile(".env.local");
const manifest = JSON.parse(fill(template, localEnv)) as Manifest;
const schemaDir = path.join(
  path.dirname(require.resolve("@microsoft/app-manifest/package.json")),
  "build/json-schemas/teams",
  `v${manifest.manifestVersion}`,
);
/** The published schemas contain `\a`, an escape JSON Schema regexes reject. */
const schema = (file: string) => JSON.parse(fs.readFileSync(path.join(schemaDir, file), "utf8").replace(/\\a/g, "\\x07")) as Json;

function png(file: string): PNG {
  return PNG.sync.read(fs.readFileSync(path.join(APP, file)));
}

/** Root entries of a zip and their bytes. */
function unzip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Buffer>();
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error("no zip"));
      zip.on("error", reject);
      zip.on("end", () => resolve(entries));
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return reject(streamErr ?? new Error("no stream"));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Runs the packaging script with a clean environment plus `env`, so the caller's shell can't leak in. */
async function packageApp(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("appPackage/manifest.json", () => {
  it("filled from env/.env.local, validates against the official schema of its manifestVersion", async () => {
    expect([...placeholders(JSON.stringify(manifest))]).toEqual([]);
    type Args = Parameters<typeof AppManifestUtils.validateAgainstSchema>;
    const errors = await AppManifestUtils.validateAgainstSchema(
      manifest as unknown as Args[0],
      schema("MicrosoftTeams.schema.json") as unknown as Args[1],
    );
    expect(errors).toEqual([]);
  });

  it("points $schema at the same version as manifestVersion", () => {
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
  });

  it("lists exactly the bot commands of src/bot/commands.ts, in both chat scopes", () => {
    const [bot] = manifest.bots;
    expect(bot?.scopes.slice().sort()).toEqual(["groupChat", "personal"]);
    expect(bot?.commandLists.flatMap((l) => l.scopes).sort()).toEqual(["groupChat", "personal"]);
    for (const list of bot?.commandLists ?? []) {
      const inManifest = list.commands.map((c) => c.title);
      const inCode = BOT_COMMANDS.map((c) => c.title as string);
      expect(inCode.filter((t) => !inManifest.includes(t))).toEqual([]); // missing from the manifest
      expect(inManifest.filter((t) => !inCode.includes(t))).toEqual([]); // unknown to the bot
      expect(list.commands).toEqual(BOT_COMMANDS.map(({ title, description }) => ({ title, description })));
    }
  });

  it("opens the tab in exactly the contexts of src/tab/contexts.ts", () => {
    const [tab] = manifest.configurableTabs;
    expect(manifest.configurableTabs).toHaveLength(1);
    const inCode: readonly string[] = TAB_CONTEXTS;
    expect(inCode.filter((c) => !tab?.context.includes(c))).toEqual([]);
    expect(tab?.context.filter((c) => !inCode.includes(c))).toEqual([]);
    expect(tab?.scopes).toEqual(["groupChat"]);
    expect(tab?.canUpdateConfiguration).toBe(true);
    expect(tab?.configurationUrl).toBe(`${localEnv.TAB_ENDPOINT}/?view=config`);
  });

  it("asks for the meeting RSC permissions the app uses and nothing more", () => {
    const rsc = manifest.authorization.permissions.resourceSpecific.map((p) => `${p.name} ${p.type}`).sort();
    expect(rsc).toEqual([
      // The roster: the meeting chat's members (paged members API); their roles come from OnlineMeetingParticipant.
      "ChatMember.Read.Chat Application",
      "MeetingStage.Write.Chat Delegated",
      "OnlineMeeting.ReadBasic.Chat Application",
      "OnlineMeetingNotification.Send.Chat Application",
      "OnlineMeetingParticipant.Read.Chat Application",
    ]);
  });

  it("ties SSO to the tab's domain, the same way the Entra app manifest does", () => {
    const ssoResource = "api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}";
    expect(JSON.parse(template).webApplicationInfo).toEqual({ id: "${{AAD_APP_CLIENT_ID}}", resource: ssoResource });
    expect(JSON.parse(read("infra", "aad.manifest.json")).identifierUris).toEqual([ssoResource]);
    expect(manifest.validDomains).toContain(localEnv.TAB_DOMAIN);
  });
});

describe("placeholders", () => {
  // Producers of env values: writeToEnvironmentFile targets in a teamsapp yaml, Bicep outputs.
  function yamlOutputs(file: string): Set<string> {
    const names = new Set<string>();
    let blockIndent = -1;
    for (const line of read(file).split("\n")) {
      const indent = line.length - line.trimStart().length;
      if (/^\s*writeToEnvironmentFile:\s*$/.test(line)) blockIndent = indent;
      else if (blockIndent >= 0 && line.trim() && indent <= blockIndent) blockIndent = -1;
      const m = /^\s*\w+:\s*([A-Z][A-Z0-9_]*)\s*$/.exec(line);
      if (blockIndent >= 0 && indent > blockIndent && m?.[1]) names.add(m[1]);
    }
    return names;
  }
  const bicepOutputs = new Set([...read("infra", "azure.bicep").matchAll(/^output (\w+) /gm)].map((m) => m[1] as string));
  const setIn = (vars: Record<string, string>) => new Set(Object.keys(vars).filter((k) => vars[k] !== ""));

  it.each([
    ["local", "teamsapp.local.yml", new Set<string>(), []],
    ["dev", "teamsapp.yml", bicepOutputs, ["infra/azure.parameters.json"]],
  ])("all get a value in %s: from env/.env.<env> or from provisioning", (env, yml, outputs, moreTemplates) => {
    const known = new Set([...setIn(envFile(`.env.${env}`)), ...yamlOutputs(yml), ...outputs]);
    const used = [template, read("infra", "aad.manifest.json"), ...moreTemplates.map((f) => read(f))].flatMap((t) => [...placeholders(t)]);
    // aadApp/update generates the scope id itself.
    expect(used.filter((v) => !known.has(v) && v !== "AAD_APP_ACCESS_AS_USER_PERMISSION_ID")).toEqual([]);
  });
});

describe("icons", () => {
  it("are the sizes Teams requires: colour 192x192, outline 32x32", () => {
    expect(manifest.icons).toEqual({ color: "color.png", outline: "outline.png" });
    const color = png("color.png");
    const outline = png("outline.png");
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it("outline is white on transparent, and not blank", () => {
    const { data } = png("outline.png");
    let visible = 0;
    const offColour: string[] = [];
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      visible++;
      if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) offColour.push(`pixel ${i / 4}`);
    }
    expect(offColour).toEqual([]);
    expect(visible).toBeGreaterThan(32 * 32 * 0.1);
    expect(visible).toBeLessThan(32 * 32 * 0.9);
  });

  it("colour icon carries a mark, not a flat tile", () => {
    const { data } = png("color.png");
    const colours = new Set<string>();
    for (let i = 0; i < data.length; i += 4) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`);
    expect(colours.size).toBeGreaterThan(2);
  });
});

describe("appPackage/fr.json", () => {
  const fr = JSON.parse(read("appPackage", "fr.json")) as Record<string, string>;

  it("is declared as the French language file", () => {
    expect(manifest.localizationInfo.defaultLanguageTag).toBe("en-us");
    expect(manifest.localizationInfo.additionalLanguages).toEqual([{ languageTag: "fr", file: "fr.json" }]);
  });

  it("validates against the localization schema of the manifest's version", () => {
    // That schema holds a regex valid only without the unicode flag, as Teams reads it.
    const { $schema: _draft, ...localization } = schema("MicrosoftTeams.Localization.schema.json");
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv, ["uri"]);
    const check = ajv.compile(localization);
    check(fr);
    expect(check.errors ?? []).toEqual([]);
  });

  it("translates every bot command and keeps its title, which is what the bot parses", () => {
    const expected: Record<string, string> = {};
    manifest.bots[0]?.commandLists.forEach((list, l) =>
      list.commands.forEach((command, c) => {
        expected[`bots[0].commandLists[${l}].commands[${c}].title`] = command.title;
      }),
    );
    const commandKeys = Object.keys(fr).filter((k) => k.startsWith("bots["));
    const titles = Object.fromEntries(commandKeys.filter((k) => k.endsWith(".title")).map((k) => [k, fr[k]]));
    expect(titles).toEqual(expected);
    const descriptions = commandKeys.filter((k) => k.endsWith(".description")).map((k) => k.replace(/description$/, "title"));
    expect(descriptions.sort()).toEqual(Object.keys(expected).sort());
  });
});

describe("scripts/package-app.js", () => {
  const zipPath = path.join(APP, "build", "appPackage.local.zip");
  let tmp = "";
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sos-package-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("writes appPackage/build/appPackage.local.zip with the manifest, the icons and fr.json at its root", async () => {
    fs.rmSync(zipPath, { force: true });
    const run = await packageApp([]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    const entries = await unzip(zipPath);
    expect([...entries.keys()].sort()).toEqual(["color.png", "fr.json", "manifest.json", "outline.png"]);
    const shipped = entries.get("manifest.json")?.toString("utf8") ?? "";
    expect(shipped).not.toContain("${{");
    expect(JSON.parse(shipped)).toEqual(manifest);
    for (const file of ["color.png", "outline.png"]) expect(entries.get(file)?.equals(fs.readFileSync(path.join(APP, file)))).toBe(true);
  });

  it("lets the environment override env/.env.local", async () => {
    const out = path.join(tmp, "tunnel.zip");
    const run = await packageApp(["--out", out], { TAB_ENDPOINT: "https://abc123-3978.devtunnels.ms", TAB_DOMAIN: "abc123-3978.devtunnels.ms" });
    expect(run.code).toBe(0);
    const shipped = JSON.parse((await unzip(out)).get("manifest.json")?.toString("utf8") ?? "{}") as Manifest;
    expect(shipped.validDomains).toEqual(["abc123-3978.devtunnels.ms"]);
    expect(shipped.configurableTabs[0]?.configurationUrl).toBe("https://abc123-3978.devtunnels.ms/?view=config");
    expect(shipped.webApplicationInfo.resource).toBe(`api://abc123-3978.devtunnels.ms/${localEnv.AAD_APP_CLIENT_ID}`);
  });

  it("refuses to write a package Teams would reject, and says which value is empty", async () => {
    const out = path.join(tmp, "broken.zip");
    const run = await packageApp(["--out", out], { BOT_ID: "" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("/bots/0/botId");
    expect(run.stderr).toContain("BOT_ID");
    expect(fs.existsSync(out)).toBe(false);
  });
});
