import { summaryCsv, summaryLanguage, summaryMarkdown } from "../domain";
import * as m from "../schemas/messages";
import * as out from "../schemas/responses";
import { readState } from "../service/state";
import * as topics from "../service/topics";
import * as votes from "../service/votes";
import * as facilitation from "../service/facilitation";
import * as agenda from "../service/agenda";
import * as actions from "../service/actions";
import * as teams from "../service/teams";
import { sessionSummary } from "../service/summary";
import * as daily from "../service/daily";
import * as presence from "../service/presence";
import { messagesRoute } from "../bot/route";
import { ok, toResponse, type AnyRoute, type Result, type Route } from "./http";
import { streamChanges } from "./stream";

/**
 * The one route table. The Functions entry registers each route with `app.http`; the local host
 * serves the same table. Each entry only parses, delegates to a service function, and answers.
 *
 * `facilitator: true` is the one list of facilitator-only operations. The refusal itself stays in
 * the service (its board step runs with `FACILITATE`), because the bot calls the services directly
 * and must be refused the same way; tests/api/facilitator.test.ts is generated from this flag and
 * fails if a flagged route lets an attendee in (or writes anything) or an unflagged one refuses
 * them for not facilitating. So the docs, the HTTP API and the bot cannot drift apart.
 *
 * `member: true` is the one declaration that only the board's roster may use a route: outsiders get
 * 404 and nothing is written. Every route under `boards/{chatId}` carries it;
 * tests/api/membership.test.ts walks this table and fails for a board route without it.
 */

const P = out.ProblemOut;
const errors = { 400: P, 401: P, 403: P, 404: P, 409: P, 412: P, 413: P, 415: P, 422: P, 429: P, 503: P } as const;

function route<B, Q>(r: Route<B, Q>): AnyRoute {
  return r as unknown as AnyRoute;
}

const board = "boards/{chatId}";

export const routes: AnyRoute[] = [
  {
    name: "health",
    method: "GET",
    route: "health",
    summary: "Liveness: answers when the app is up.",
    raw: async (_req, _ctx, deps) => {
      const now = deps.services.now();
      return { ...toResponse(ok({ status: "ok", serverTime: now }), now) };
    },
  },
  route({
    name: "getState",
    method: "GET",
    route: `${board}/state`,
    member: true,
    summary: "The current session as this participant sees it. Send If-None-Match to get 304 when nothing changed.",
    responses: { 200: out.SessionViewOut, 304: out.Empty, ...errors },
    run: async ({ caller, chatId, headers }, deps): Promise<Result> => {
      const read = await readState(deps.services, caller, chatId, headers.get("if-none-match") ?? undefined);
      if (!read.changed) return { status: 304, headers: { ETag: read.etag } };
      return { status: 200, json: read.view, headers: { ETag: read.etag, Vary: "Authorization" } };
    },
  }),
  {
    name: "watchBoard",
    method: "GET",
    route: `${board}/changes`,
    member: true,
    summary:
      "Server-Sent Events (text/event-stream, bearer token as for getState; send the state ETag you have as If-None-Match): `ready`, then `changed` whenever the board changes or a timebox runs out. Read the state once per event; poll it when the stream cannot be held.",
    raw: (request, _ctx, deps) => streamChanges(request, deps),
  },
  route({
    name: "addTopic",
    method: "POST",
    route: `${board}/topics`,
    member: true,
    summary: "Add a topic to the queue.",
    body: m.AddTopic,
    responses: { 201: out.TopicOut, ...errors },
    run: async ({ caller, chatId, body }, deps) => ok(await topics.addTopic(deps.services, caller, chatId, body), 201),
  }),
  route({
    name: "editTopic",
    method: "PATCH",
    route: `${board}/topics/{topicId}`,
    member: true,
    summary: "Edit your own topic while it is queued. Send `was`, the texts you started from: a stale edit is refused with 409 `edit_conflict` and both texts.",
    body: m.EditTopic,
    responses: { 200: out.TopicOut, ...errors },
    run: async ({ caller, chatId, params, body: { was, ...patch } }, deps) => ok(await topics.editTopic(deps.services, caller, chatId, params["topicId"] ?? "", patch, was)),
  }),
  route({
    name: "dropTopic",
    method: "DELETE",
    route: `${board}/topics/{topicId}`,
    member: true,
    summary: "Drop a queued topic (its author or a facilitator).",
    responses: { 200: out.TopicOut, ...errors },
    run: async ({ caller, chatId, params }, deps) => ok(await topics.dropTopic(deps.services, caller, chatId, params["topicId"] ?? "")),
  }),
  route({
    name: "restoreTopic",
    method: "POST",
    route: `${board}/topics/{topicId}/restore`,
    member: true,
    summary: "Bring a dropped topic back to the queue (undo of a drop; its author or a facilitator, while the session is open).",
    responses: { 200: out.TopicOut, ...errors },
    run: async ({ caller, chatId, params }, deps) => ok(await topics.restoreTopic(deps.services, caller, chatId, params["topicId"] ?? "")),
  }),
  route({
    name: "mergeTopic",
    method: "POST",
    route: `${board}/topics/{topicId}/merge`,
    member: true,
    summary: "Merge a duplicate into another topic; its dots count there.",
    facilitator: true,
    body: m.MergeTopic,
    responses: { 200: out.TopicOut, ...errors },
    run: async ({ caller, chatId, params, body }, deps) => ok(await topics.mergeTopic(deps.services, caller, chatId, params["topicId"] ?? "", body.intoTopicId)),
  }),
  route({
    name: "castVote",
    method: "POST",
    route: `${board}/topics/{topicId}/votes`,
    member: true,
    summary: "Place one of your dots on a topic.",
    responses: { 201: out.VoteOut, ...errors },
    run: async ({ caller, chatId, params }, deps) => ok(await votes.castVote(deps.services, caller, chatId, params["topicId"] ?? ""), 201),
  }),
  route({
    name: "withdrawVote",
    method: "DELETE",
    route: `${board}/topics/{topicId}/votes`,
    member: true,
    summary: "Take one of your dots back from a topic.",
    responses: { 200: out.VoteOut, ...errors },
    run: async ({ caller, chatId, params }, deps) => ok(await votes.withdrawVote(deps.services, caller, chatId, params["topicId"] ?? "")),
  }),
  route({
    name: "recordTakeaways",
    method: "PUT",
    route: `${board}/topics/{topicId}/takeaways`,
    member: true,
    summary:
      "Rewrite what the room took away from a topic (a facilitator), from `was`, the text you started from: a stale rewrite is refused with 409 `edit_conflict` and both texts, unless both only added lines, which are kept.",
    facilitator: true,
    body: m.Takeaways,
    responses: { 200: out.TopicOut, ...errors },
    run: async ({ caller, chatId, params, body }, deps) => ok(await topics.recordTakeaways(deps.services, caller, chatId, params["topicId"] ?? "", body.takeaways, body.was)),
  }),
  route({
    name: "addTakeaway",
    method: "POST",
    route: `${board}/topics/{topicId}/takeaways`,
    member: true,
    summary: "Add a takeaway line to a topic being or already discussed (anyone in the meeting); lines added at once are all kept.",
    body: m.AddTakeaway,
    responses: { 200: out.TopicOut, ...errors },
    run: async ({ caller, chatId, params, body }, deps) => ok(await topics.addTakeaway(deps.services, caller, chatId, params["topicId"] ?? "", body.line)),
  }),
  route({
    name: "discussNext",
    method: "POST",
    route: `${board}/timer/next`,
    member: true,
    summary: "Discuss the top of the queue (or the topic named) in a fresh timebox.",
    facilitator: true,
    body: m.DiscussNext,
    responses: { 200: out.TimerResultOut, ...errors },
    run: async ({ caller, chatId, body }, deps) => ok(await facilitation.discussNext(deps.services, caller, chatId, body.topicId)),
  }),
  route({
    name: "pauseTimer",
    method: "POST",
    route: `${board}/timer/pause`,
    member: true,
    summary: "Pause the timebox.",
    facilitator: true,
    responses: { 200: out.TimerResultOut, ...errors },
    run: async ({ caller, chatId }, deps) => ok(await facilitation.pauseTimer(deps.services, caller, chatId)),
  }),
  route({
    name: "resumeTimer",
    method: "POST",
    route: `${board}/timer/resume`,
    member: true,
    summary: "Resume a paused timebox.",
    facilitator: true,
    responses: { 200: out.TimerResultOut, ...errors },
    run: async ({ caller, chatId }, deps) => ok(await facilitation.resumeTimer(deps.services, caller, chatId)),
  }),
  route({
    name: "extendTimer",
    method: "POST",
    route: `${board}/timer/extend`,
    member: true,
    summary: "Grant the next, shorter extension.",
    facilitator: true,
    responses: { 200: out.TimerResultOut, ...errors },
    run: async ({ caller, chatId }, deps) => ok(await facilitation.extendTimer(deps.services, caller, chatId)),
  }),
  route({
    name: "stopTimer",
    method: "POST",
    route: `${board}/timer/stop`,
    member: true,
    summary: "Move on: the topic is discussed and the timer stops.",
    facilitator: true,
    responses: { 200: out.TimerResultOut, ...errors },
    run: async ({ caller, chatId }, deps) => ok(await facilitation.moveOn(deps.services, caller, chatId)),
  }),
  route({
    name: "castRomanVote",
    method: "PUT",
    route: `${board}/topics/{topicId}/roman`,
    member: true,
    summary: "At the end of a timebox: thumbs up (continue), sideways, or down (move on). Voting again changes your vote.",
    body: m.RomanVote,
    responses: { 200: out.BallotOut, ...errors },
    run: async ({ caller, chatId, params, body }, deps) => ok(await facilitation.castRomanVote(deps.services, caller, chatId, params["topicId"] ?? "", body.choice)),
  }),
  route({
    name: "concludeRomanVote",
    method: "POST",
    route: `${board}/timer/conclude`,
    member: true,
    summary: "Close the continue/stop vote: extend when more thumbs are up than down, otherwise move on.",
    facilitator: true,
    responses: { 200: out.TimerResultOut, ...errors },
    run: async ({ caller, chatId }, deps) => ok(await facilitation.concludeRomanVote(deps.services, caller, chatId)),
  }),
  route({
    name: "closeSession",
    method: "POST",
    route: `${board}/session/close`,
    member: true,
    summary: "Close the current session.",
    facilitator: true,
    responses: { 200: out.SessionOut, ...errors },
    run: async ({ caller, chatId }, deps) => ok(await facilitation.closeSession(deps.services, caller, chatId)),
  }),
  route({
    name: "setMeetingEnd",
    method: "PUT",
    route: `${board}/session/meeting-end`,
    member: true,
    summary: "Set when the meeting ends (epoch ms; null forgets it), so the queue shows which topics fit. Teams' scheduled end does not overwrite it.",
    facilitator: true,
    body: m.SetMeetingEnd,
    responses: { 200: out.SessionOut, ...errors },
    run: async ({ caller, chatId, body }, deps) => ok(await agenda.setMeetingEnd(deps.services, caller, chatId, body.endsAt)),
  }),
  route({
    name: "startSession",
    method: "POST",
    route: `${board}/sessions`,
    member: true,
    summary: "Start the next session; a weekly takes over undiscussed topics with their dots.",
    facilitator: true,
    body: m.StartSession,
    responses: { 201: out.SessionOut, ...errors },
    run: async ({ caller, chatId, body }, deps) => ok(await facilitation.startNextSession(deps.services, caller, chatId, body.kind), 201),
  }),
  route({
    name: "listActions",
    method: "GET",
    route: `${board}/actions`,
    member: true,
    summary: "The board's action items across sessions, filtered by status, owner or overdue.",
    query: m.ActionsQuery,
    responses: { 200: out.ActionViewOut.array(), ...errors },
    run: async ({ caller, chatId, query }, deps) => ok(await actions.listActions(deps.services, caller, chatId, query)),
  }),
  route({
    name: "createAction",
    method: "POST",
    route: `${board}/actions`,
    member: true,
    summary: "Create an action item with an owner.",
    body: m.CreateAction,
    responses: { 201: out.ActionOut, ...errors },
    run: async ({ caller, chatId, body }, deps) => ok(await actions.createAction(deps.services, caller, chatId, body), 201),
  }),
  route({
    name: "editAction",
    method: "PATCH",
    route: `${board}/actions/{actionId}`,
    member: true,
    summary: "Edit an action item. Send `was`, the texts you started from: a stale edit is refused with 409 `edit_conflict` and both texts.",
    body: m.EditAction,
    responses: { 200: out.ActionOut, ...errors },
    run: async ({ caller, chatId, params, body: { was, ...patch } }, deps) => ok(await actions.editAction(deps.services, caller, chatId, params["actionId"] ?? "", patch, was)),
  }),
  route({
    name: "deleteAction",
    method: "DELETE",
    route: `${board}/actions/{actionId}`,
    member: true,
    summary: "Delete an action item; answers the deleted item.",
    responses: { 200: out.ActionOut, ...errors },
    run: async ({ caller, chatId, params }, deps) => ok(await actions.deleteAction(deps.services, caller, chatId, params["actionId"] ?? "")),
  }),
  route({
    name: "moveAction",
    method: "PUT",
    route: `${board}/actions/{actionId}/status`,
    member: true,
    summary: "Move an action on the Kanban.",
    body: m.MoveAction,
    responses: { 200: out.ActionOut, ...errors },
    run: async ({ caller, chatId, params, body }, deps) => ok(await actions.moveAction(deps.services, caller, chatId, params["actionId"] ?? "", body.status)),
  }),
  route({
    name: "updateSettings",
    method: "PATCH",
    route: `${board}/settings`,
    member: true,
    summary: "Change the board's settings.",
    facilitator: true,
    body: m.UpdateSettings,
    responses: { 200: out.SettingsOut, ...errors },
    run: async ({ caller, chatId, body }, deps) => ok(await teams.updateSettings(deps.services, caller, chatId, body)),
  }),
  route({
    name: "addTeam",
    method: "POST",
    route: `${board}/teams`,
    member: true,
    summary: "Add a team (at most seven unless the limit was raised on purpose).",
    facilitator: true,
    body: m.AddTeam,
    responses: { 201: out.TeamOut, ...errors },
    run: async ({ caller, chatId, body }, deps) => ok(await teams.addTeam(deps.services, caller, chatId, body), 201),
  }),
  route({
    name: "editTeam",
    method: "PATCH",
    route: `${board}/teams/{teamId}`,
    member: true,
    summary: "Rename a team or change its representative and alternates. Send `was`, the name you started from: a stale rename is refused with 409 `edit_conflict` and both names.",
    facilitator: true,
    body: m.EditTeam,
    responses: { 200: out.TeamOut, ...errors },
    run: async ({ caller, chatId, params, body: { was, ...patch } }, deps) => ok(await teams.editTeam(deps.services, caller, chatId, params["teamId"] ?? "", patch, was)),
  }),
  route({
    name: "removeTeam",
    method: "DELETE",
    route: `${board}/teams/{teamId}`,
    member: true,
    summary: "Remove a team from the board.",
    facilitator: true,
    responses: { 204: out.Empty, ...errors },
    run: async ({ caller, chatId, params }, deps) => {
      await teams.removeTeam(deps.services, caller, chatId, params["teamId"] ?? "");
      return { status: 204 };
    },
  }),
  route({
    name: "postDailyUpdate",
    method: "PUT",
    route: `${board}/daily/{teamId}`,
    member: true,
    summary:
      "A team's representative or alternate posts the team's next steps for this session. Send `was`, the text you started from: a stale rewrite is refused with 409 `edit_conflict` and both texts.",
    body: m.DailyUpdateMessage,
    responses: { 200: out.DailyUpdateOut, ...errors },
    run: async ({ caller, chatId, params, body }, deps) => ok(await daily.postDailyUpdate(deps.services, caller, chatId, params["teamId"] ?? "", body.nextSteps, body.was)),
  }),
  route({
    name: "nextTurn",
    method: "POST",
    route: `${board}/daily/turn`,
    member: true,
    summary: "Move the daily round on to the next team (or the team named); answers null when the round is over.",
    facilitator: true,
    body: m.NextTurn,
    responses: { 200: out.TurnOut.nullable(), ...errors },
    run: async ({ caller, chatId, body }, deps) => ok(await daily.nextTurn(deps.services, caller, chatId, body.teamId)),
  }),
  route({
    name: "markPresent",
    method: "POST",
    route: `${board}/presence`,
    member: true,
    summary: "Record yourself present in the current session (the panel does it when it opens); for a team's representative or alternate, also the team's attendance. Idempotent.",
    responses: { 204: out.Empty, ...errors },
    run: async ({ caller, chatId }, deps) => {
      await presence.markPresent(deps.services, caller, chatId);
      return { status: 204 };
    },
  }),
  route({
    name: "claimTeam",
    method: "POST",
    route: `${board}/teams/{teamId}/claim`,
    member: true,
    summary: "Represent a team that has no representative yet (\"I represent Payments\"); 409 when someone else represents it.",
    responses: { 200: out.TeamOut, ...errors },
    run: async ({ caller, chatId, params }, deps) => ok(await teams.claimTeam(deps.services, caller, chatId, params["teamId"] ?? "")),
  }),
  route({
    name: "checkIn",
    method: "POST",
    route: `${board}/attendance`,
    member: true,
    summary: "Say you represent your team at this session.",
    body: m.CheckIn,
    responses: { 200: out.AttendanceOut, ...errors },
    run: async ({ caller, chatId, body }, deps) => ok(await daily.checkIn(deps.services, caller, chatId, body.teamId)),
  }),
  route({
    name: "raiseNeed",
    method: "POST",
    route: `${board}/needs`,
    member: true,
    summary: "Your team needs something from another team (optionally by a date).",
    body: m.RaiseNeed,
    responses: { 201: out.NeedOut, ...errors },
    run: async ({ caller, chatId, body }, deps) => ok(await daily.raiseNeed(deps.services, caller, chatId, body), 201),
  }),
  route({
    name: "answerNeed",
    method: "PUT",
    route: `${board}/needs/{needId}/answer`,
    member: true,
    summary: "The addressed team accepts, declines (with a reason) or marks a need done.",
    body: m.AnswerNeed,
    responses: { 200: out.NeedOut, ...errors },
    run: async ({ caller, chatId, params, body }, deps) => ok(await daily.answerNeed(deps.services, caller, chatId, params["needId"] ?? "", body.answer, body.reason)),
  }),
  route({
    name: "getSummary",
    method: "GET",
    route: `${board}/summary`,
    member: true,
    summary:
      "The action-item summary of a session, as JSON, Markdown (format=md) or CSV (format=csv); Markdown and CSV in the reader's language (lang=en|fr, else Accept-Language).",
    query: m.SummaryQuery,
    responses: { 200: out.SummaryOut, ...errors },
    run: async ({ caller, chatId, query, headers }, deps) => {
      const summary = await sessionSummary(deps.services, caller, chatId, query.sessionId);
      const language = summaryLanguage(query.lang ?? headers.get("accept-language"));
      const vary = { Vary: "Accept-Language" };
      if (query.format === "md") return { status: 200, text: summaryMarkdown(summary, language), contentType: "text/markdown; charset=utf-8", headers: vary };
      if (query.format === "csv") {
        const disposition = `attachment; filename="summary-${summary.date}.csv"`;
        return { status: 200, text: summaryCsv(summary, language), contentType: "text/csv; charset=utf-8", headers: { ...vary, "Content-Disposition": disposition } };
      }
      return ok(summary);
    },
  }),
  messagesRoute,
];
