import { newSession, teamOf, viewSession, voterOf, type SessionView } from "../domain";
import type { Caller, Services } from "./context";
import { READ_CACHED, StaleBoard, admitMember, inBoard, type InBoard } from "./board-step";

/**
 * Weak ETag of a participant's view: session, change marker, whether the timebox has run out,
 * hour (overdue flips) and role — everything that changes the view without a write is in it.
 */
export function viewTag(sessionId: string, marker: string, timerEndsAt: number, now: number, role: string): string {
  const hour = new Date(now).toISOString().slice(0, 13);
  const expired = timerEndsAt > 0 && now >= timerEndsAt ? "x" : "r";
  return `W/"${sessionId}.${marker}.${expired}.${hour}.${role}"`;
}

function sessionOfTag(tag: string): string | null {
  return tagParts(tag)?.sessionId ?? null;
}

/** The session and change marker a view's ETag was made of (see `viewTag`). */
export function tagParts(tag: string): { sessionId: string; marker: string } | null {
  const m = /^W\/"([0-9A-HJKMNP-TV-Z]{26})\.([^.]+)\./.exec(tag.trim());
  return m?.[1] && m[2] ? { sessionId: m[1], marker: m[2] } : null;
}

export type StateRead = { changed: false; etag: string } | { changed: true; etag: string; view: SessionView };

/**
 * A poll. With the ETag the panel last saw, an unchanged session costs one point read (its head
 * row) and no view is built.
 */
export async function readState(svc: Services, caller: Caller, chatId: string, ifNoneMatch?: string): Promise<StateRead> {
  const now = svc.now();
  const ref = { tenantId: caller.tenantId, chatId };
  // The unchanged poll reads only the head row, so it stays outside `inBoard`; it lets in exactly
  // whom `inBoard` lets in (the roster, cached), before reading anything of the board.
  const knownSession = ifNoneMatch ? sessionOfTag(ifNoneMatch) : null;
  if (ifNoneMatch && knownSession) {
    const member = await admitMember(svc, caller, chatId);
    const head = await svc.store.readMarker(ref, knownSession);
    if (head && viewTag(knownSession, head.marker, head.endsAt, now, member.role) === ifNoneMatch.trim()) return { changed: false, etag: ifNoneMatch.trim() };
  }
  return inBoard(svc, caller, chatId, READ_CACHED, (board) => readView(svc, board, caller, now));
}

/** The full read: the board's partition and the session's, two queries, and the view made of them. */
async function readView(svc: Services, opened: InBoard, caller: Caller, now: number): Promise<StateRead> {
  const { ref, sessionId, role: roleOf } = opened;
  const [read, rows, role, people] = await Promise.all([
    opened.exists ? svc.store.readBoard(ref) : Promise.resolve(null),
    opened.exists ? svc.store.readSession(ref, sessionId) : Promise.resolve(null),
    roleOf(),
    caller.system ? Promise.resolve([]) : svc.roster.members(ref),
  ]);
  // A board nobody created reads as an empty one (nothing is written: reads never create boards).
  const board = read ?? (opened.exists ? null : { meta: opened.meta, teams: [], actions: [], sessions: [newSession(sessionId, "weekly", 0)], needs: [] });
  const sessionRows = rows ?? { marker: "0", topics: [], votes: [], timer: null, ballots: [], updates: [], turn: null, attendance: [], present: [] };
  if (!board) throw new Error("board vanished while reading");
  // Opened from this instance's copy: the board partition just read says which session is current.
  if (board.meta.value.currentSessionId !== sessionId) throw new StaleBoard();
  const session = board.sessions.find((s) => s.id === sessionId);
  if (!session) throw new Error("current session row is missing");
  // A session nobody changed yet has no head: the first read sets one so the next poll can match it.
  const marker = sessionRows.marker ?? (await svc.store.bumpHead(ref, sessionId));
  const settings = board.meta.value.settings;
  const myTeam = teamOf(board.teams, caller.userId);
  const voter = voterOf(caller.userId, myTeam?.id ?? null, settings);
  const view = viewSession(
    {
      boardId: ref.chatId,
      session,
      settings,
      topics: sessionRows.topics.map((t) => t.value),
      votes: sessionRows.votes,
      timer: sessionRows.timer?.value ?? { status: "idle" },
      ballots: sessionRows.ballots,
      actions: board.actions.map((a) => a.value),
      teams: board.teams,
      updates: sessionRows.updates,
      needs: board.needs.map((n) => n.value),
      turn: sessionRows.turn?.value ?? null,
      attendance: sessionRows.attendance,
      people,
      present: sessionRows.present,
      dailyStarts: board.sessions.filter((s) => s.kind === "daily").map((s) => s.startedAt ?? s.createdAt),
    },
    { id: caller.userId, name: caller.name, role },
    voter,
    myTeam?.id ?? null,
    now,
  );
  const timer = sessionRows.timer?.value;
  return { changed: true, etag: viewTag(sessionId, marker, timer?.status === "running" ? timer.endsAt : 0, now, role), view };
}
