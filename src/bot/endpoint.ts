import { createHash } from "node:crypto";
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { ActivityTypes, INVOKE_RESPONSE_KEY, type Activity } from "botbuilder";
import type { BoardRef } from "../store/keys";
import { withIdSeed } from "../service/request-seed";
import { boardOf, cardActionAnswer, invokeResponse, referenceOf } from "./activities";
import { explain } from "./deps";
import { isOutsider, OUTSIDER } from "./outsiders";
import { createTeamsApp, type TeamsAppOptions } from "./teams-app";

/**
 * The bot's HTTP endpoint: one Bot Framework activity in, botbuilder's answer out. Only
 * activities botbuilder authenticated are acted on; each is handled once (Teams re-sends slow
 * ones), and an invoke's answer is kept so a re-sent click gets the same answer.
 */

const MAX_ACTIVITY_BYTES = 256 * 1024;

export interface TeamsBot {
  process(request: HttpRequest): Promise<HttpResponseInit>;
}

interface CapturedResponse {
  status: number;
  body: unknown;
}

/** The response object `CloudAdapter.process` writes to, capturing what it sends. */
function responseShim(): { res: { socket: unknown; status(code: number): void; header(name: string, value: unknown): void; send(body: unknown): void; end(): void }; captured: CapturedResponse } {
  const captured: CapturedResponse = { status: 200, body: undefined };
  return {
    captured,
    res: {
      socket: undefined,
      status: (code: number) => {
        captured.status = code;
      },
      header: () => undefined,
      send: (body: unknown) => {
        if (body !== undefined) captured.body = body;
      },
      end: () => undefined,
    },
  };
}

/** The id seed of one activity's writes: unique to the board and the activity (Teams keeps its id on re-delivery). */
export function activitySeed(board: BoardRef, activityId: string): string {
  return createHash("sha256").update(JSON.stringify(["activity", board.tenantId, board.chatId, activityId])).digest("hex");
}

export function createTeamsBot(options: TeamsAppOptions): TeamsBot {
  const { adapter, deps, now } = options;
  const store = deps.store;
  const { app, reply } = createTeamsApp(options);
  return {
    async process(request: HttpRequest): Promise<HttpResponseInit> {
      const bytes = Buffer.from(await request.arrayBuffer());
      if (bytes.length > MAX_ACTIVITY_BYTES) return { status: 413 };
      let activity: Partial<Activity>;
      try {
        activity = JSON.parse(bytes.toString("utf8")) as Partial<Activity>;
      } catch {
        return { status: 400, body: "The activity is not JSON." };
      }
      if (typeof activity !== "object" || activity === null || typeof activity.type !== "string") return { status: 400, body: "Not an activity." };
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      const { res, captured } = responseShim();
      /** Set once this delivery claimed its activity id (so a failure can give the claim back); `at` is the first claim's time. */
      let claimed: { board: BoardRef; id: string; at: number } | null = null;
      let duplicate = false;
      try {
        // Everything below runs only for an activity botbuilder authenticated: nothing is read
        // from, or written for, a request that is not from the Bot Framework.
        await adapter.process({ body: activity as Record<string, unknown>, headers, method: "POST" }, res, async (context) => {
          const a = context.activity;
          const board = boardOf(a);
          // Authenticated by the Bot Framework is not enough: the bot serves the tenants the API serves.
          if (options.allowedTenants && !(board && options.allowedTenants.includes(board.tenantId.toLowerCase()))) {
            deps.log(`bot: activity from a tenant not served (${board?.tenantId ?? "none"}) ignored`);
            return;
          }
          // Only the meeting's people talk to the bot about its board: an outsider's message or
          // click is answered politely and leaves nothing behind (no claim, no conversation row).
          if (board && (await isOutsider(deps, context, board, now()))) {
            if (a.type === ActivityTypes.Invoke) await context.sendActivity(invokeResponse(cardActionAnswer({ message: OUTSIDER })));
            else await reply(context, { text: OUTSIDER }).catch((err: unknown) => deps.log("bot: outsider not answered", err));
            return;
          }
          if (board && a.id && a.type !== ActivityTypes.ConversationUpdate) {
            const at = now();
            const first = await store.claimActivity(board, a.id, at);
            // A claim whose delivery died mid-turn (pending, lease run out) is finished by this one.
            const retaken = first ? await store.takeOverActivity(board, a.id, at) : null;
            if (first && !retaken) {
              duplicate = true;
              if (a.type === ActivityTypes.Invoke) await context.sendActivity(invokeResponse(first.response ?? cardActionAnswer({ message: "Already done." })));
              return;
            }
            claimed = { board, id: a.id, at: retaken?.at ?? at };
          }
          if (board && a.serviceUrl) {
            // Any activity from the chat means the bot is there, except the ones saying it was removed.
            const removing =
              (a.type === ActivityTypes.InstallationUpdate && /^remove/.test(a.action ?? "")) ||
              (a.type === ActivityTypes.ConversationUpdate && (a.membersRemoved ?? []).some((m) => m.id === a.recipient?.id));
            const from = a.from;
            const user = from?.aadObjectId && from.id ? { teamsId: from.id, aadObjectId: from.aadObjectId } : null;
            if (!removing && (await store.noteActivity(board, referenceOf(a, board), user, now())).cameBack) await options.onBack(board);
            if (user && from) await store.noteUser(board.tenantId, { aadObjectId: user.aadObjectId, teamsId: user.teamsId, name: from.name ?? "", serviceUrl: a.serviceUrl, botId: a.recipient?.id ?? "" }, now());
          }
          try {
            // The writes this turn makes derive their ids from the activity, as the HTTP edge's
            // derive from the Idempotency-Key: a re-delivery finishing a turn that died after its
            // write re-creates the same rows (a topic, an action, a dot) instead of new ones.
            const c = claimed as { board: BoardRef; id: string; at: number } | null;
            if (c) await withIdSeed({ seed: activitySeed(c.board, c.id), at: c.at }, () => app.run(context));
            else await app.run(context);
          } catch (err) {
            const text = explain(err, deps);
            if (a.type === ActivityTypes.Message) await reply(context, { text }).catch(() => undefined);
            else if (a.type === ActivityTypes.Invoke && !context.turnState.get(INVOKE_RESPONSE_KEY)) {
              await context.sendActivity(invokeResponse(cardActionAnswer({ message: text })));
            }
          }
        });
      } catch (err) {
        deps.log("bot: activity not processed", err);
        const c = claimed as { board: BoardRef; id: string; at: number } | null;
        if (c) await store.releaseActivity(c.board, c.id).catch(() => undefined);
        return { status: 500 };
      }
      const c = claimed as { board: BoardRef; id: string; at: number } | null;
      if (c && !duplicate) {
        // Handled: a re-delivery from now on is a duplicate (an invoke's gets the same answer).
        const response = activity.type === ActivityTypes.Invoke && captured.body !== undefined ? captured.body : null;
        await store.saveActivityResponse(c.board, c.id, { at: c.at, response }).catch((err: unknown) => deps.log("bot: activity not marked handled", err));
      }
      if (captured.body === undefined) return { status: captured.status };
      // botbuilder writes its own error text into refusals (e.g. why a token failed): keep that in the log, not the body.
      if (captured.status >= 400) {
        deps.log(`bot: activity refused with ${captured.status}`, captured.body);
        return { status: captured.status };
      }
      return { status: captured.status, headers: { "Content-Type": "application/json" }, body: typeof captured.body === "string" ? captured.body : JSON.stringify(captured.body) };
    },
  };
}
