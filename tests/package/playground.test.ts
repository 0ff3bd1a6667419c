import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { parse } from "yaml";
import { LOCAL_TENANT, localUserId } from "../../src/auth/local-issuer";

/**
 * `npm run playground`: Microsoft's Agents Playground as the local chat client. Each person's
 * configuration must be one the Playground accepts, name the same person as `?as=` in the panel,
 * and talk to the local host's bot endpoint.
 */
const root = path.resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const launcher = require(path.join(root, "scripts", "playground.js")) as {
  plan(argv: string[], env: NodeJS.ProcessEnv): { person: string; cwd: string; command: string; args: string[]; port: number };
};

interface PlaygroundUser { id: string; name: string; aadObjectId: string }
interface PlaygroundConfig {
  tenantId: string;
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  groupChat: { id: string; name: string };
}

function configOf(person: string): PlaygroundConfig {
  return parse(readFileSync(path.join(root, "playground", person, ".m365agentsplayground.yml"), "utf8")) as PlaygroundConfig;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe.each(["alice", "bob"])("the Playground as %s", (person) => {
  it("is the same person, in the same tenant and board, as ?as=%s in the side panel", () => {
    const config = configOf(person);
    expect(config.tenantId).toBe(LOCAL_TENANT);
    expect(config.currentUser.aadObjectId).toBe(localUserId(person));
    expect(config.groupChat.id).toBe("demo");
    for (const other of ["alice", "bob", "carol", "dave"].filter((n) => n !== person)) {
      expect(config.users.map((u) => u.aadObjectId)).toContain(localUserId(other));
    }
  });

  it("points at the local host's bot endpoint on the msteams channel", () => {
    const plan = launcher.plan([person], {});
    expect(plan.args).toEqual(expect.arrayContaining(["-e", "http://127.0.0.1:3978/api/messages", "-c", "msteams", "--dt"]));
    expect(plan.cwd).toBe(path.join(root, "playground", person));
  });
});

it("refuses an unknown person and says who can be played", () => {
  expect(() => launcher.plan(["mallory"], {})).toThrow(/alice, bob/);
});

describe("starting the Playground", () => {
  let child: ChildProcess | undefined;
  afterEach(() => child?.kill("SIGKILL"));

  it("accepts the shipped configuration and serves its chat page", async () => {
    const port = await freePort();
    const plan = launcher.plan(["alice"], { PLAYGROUND_PORT: String(port) });
    child = spawn(plan.command, plan.args, { cwd: plan.cwd, stdio: "pipe" });
    let exited: number | null = null;
    child.on("exit", (code) => (exited = code ?? -1));
    let status = 0;
    for (let i = 0; i < 100 && status === 0 && exited === null; i++) {
      await new Promise((r) => setTimeout(r, 300));
      status = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.status, () => 0);
    }
    // A configuration the Playground rejects makes it exit instead of serving.
    expect(exited).toBeNull();
    expect(status).toBe(200);
  }, 60_000);
});
