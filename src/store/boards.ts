import { ulid } from "ulid";
import {
  DEFAULT_SETTINGS,
  newSession,
  requireRoomForBoard,
  type ActionItem,
  type BoardSettings,
  type RomanBallot,
  type Session,
  type Team,
  type Timer,
  type Topic,
  type Vote,
  type DailyUpdate,
  type Need,
  type Turn,
  type Attendance,
} from "../domain";
import { anyOfFilter, keys, partitionFilter, prefixFilter, type BoardRef } from "./keys";
import { type Rows, WriteConflict, type Stored } from "./table";

export type { BoardRef } from "./keys";

/** The board's own row: settings and which session is the current one. */
export interface BoardMeta {
  tenantId: string;
  chatId: string;
  settings: BoardSettings;
  currentSessionId: string;
  createdAt: number;
  /** Set when Teams told us the bot was removed from the chat: proactive sends stop. */
  botRemovedAt: number | null;
}

export interface BoardRows {
  meta: Stored<BoardMeta>;
  teams: Team[];
  actions: Stored<ActionItem>[];
  sessions: Session[];
  needs: Stored<Need>[];
}

export interface SessionRows {
  marker: string | null;
  topics: Stored<Topic>[];
  votes: Vote[];
  timer: Stored<Timer> | null;
  ballots: RomanBallot[];
  updates: DailyUpdate[];
  turn: Stored<Turn> | null;
  attendance: Attendance[];
  /** Ids of the people recorded present in this session. */
  present: string[];
}

/**
 * Typed reads and writes of a board's rows. Nothing here decides a rule: callers read, ask the
 * domain, and write back with the ETag they read.
 */
export class BoardStore {
  /**
   * Each board's meta row as this instance last saw it, for the frequent operations that may use
   * it without reading it (`cachedBoard`): they check it against what they read anyway (the head
   * row's `meta` property, or the board partition) and start again on fresh data when it moved.
   */
  private readonly metaCache = new Map<string, Stored<BoardMeta>>();
  /** Meta ETags this instance wrote that the next head move must announce to other instances. */
  private readonly metaWritten = new Map<string, string>();

  constructor(readonly rows: Rows) {}

  private remember(board: BoardRef, meta: Stored<BoardMeta>): Stored<BoardMeta> {
    this.metaCache.set(keys.board(board), meta);
    return meta;
  }

  /** The board's meta as last seen here (no read), or read (and created on first use) when unknown. */
  async cachedBoard(board: BoardRef, now: number): Promise<Stored<BoardMeta>> {
    return this.metaCache.get(keys.board(board)) ?? this.ensureBoard(board, now);
  }

  /** The board's meta as last seen here, or read; null when nobody created the board (a read never creates it). */
  async knownBoard(board: BoardRef, cached: boolean): Promise<Stored<BoardMeta> | null> {
    return (cached ? this.metaCache.get(keys.board(board)) : undefined) ?? this.getMeta(board);
  }

  /** The cached meta turned out stale: the next `cachedBoard` reads it again. */
  forgetBoard(board: BoardRef): void {
    this.metaCache.delete(keys.board(board));
  }

  /** Whether a head's `meta` property (the meta ETag last announced) still matches what this instance holds. */
  metaStillCurrent(board: BoardRef, announced: string | undefined): boolean {
    const cached = this.metaCache.get(keys.board(board));
    return cached !== undefined && announced !== undefined && announced === cached.etag;
  }

  /** Reads the board, creating it (with its first weekly session) on first use. */
  async ensureBoard(board: BoardRef, now: number): Promise<Stored<BoardMeta>> {
    const pk = keys.board(board);
    const existing = await this.rows.get<BoardMeta>(pk, keys.meta);
    if (existing) return this.remember(board, existing);
    await this.countNewBoard(board.tenantId, now);
    const session = newSession(ulid(now), "weekly", now);
    const meta: BoardMeta = { tenantId: board.tenantId, chatId: board.chatId, settings: DEFAULT_SETTINGS, currentSessionId: session.id, createdAt: now, botRemovedAt: null };
    // The session row first: a board whose meta exists always has its current session.
    await this.rows.upsert(pk, keys.sessionRow(session.id), session);
    try {
      const etag = await this.rows.insert(pk, keys.meta, meta);
      this.metaWritten.set(pk, etag);
      await this.bumpHead(board, session.id);
      return this.remember(board, { value: meta, etag });
    } catch (err) {
      if (!(err instanceof WriteConflict)) throw err;
      // Someone created it at the same moment; theirs stands, ours is an unused session row.
      await this.rows.remove(pk, keys.sessionRow(session.id));
      const theirs = await this.rows.get<BoardMeta>(pk, keys.meta);
      if (!theirs) throw err;
      return this.remember(board, theirs);
    }
  }

  /** Counts a board the tenant creates today, refusing it past the daily limit (the counter row is written with its ETag). */
  private async countNewBoard(tenantId: string, now: number): Promise<void> {
    const pk = keys.tenantDay(tenantId, new Date(now).toISOString().slice(0, 10));
    for (let attempt = 0; ; attempt++) {
      const stored = await this.rows.get<{ boards: number }>(pk, keys.counterRow);
      requireRoomForBoard(stored?.value.boards ?? 0);
      const next = { boards: (stored?.value.boards ?? 0) + 1 };
      try {
        if (stored) await this.rows.replace(pk, keys.counterRow, next, stored.etag);
        else await this.rows.insert(pk, keys.counterRow, next);
        return;
      } catch (err) {
        if (!(err instanceof WriteConflict) || attempt >= 50) throw err;
      }
    }
  }

  async getMeta(board: BoardRef): Promise<Stored<BoardMeta> | null> {
    const meta = await this.rows.get<BoardMeta>(keys.board(board), keys.meta);
    return meta ? this.remember(board, meta) : null;
  }

  async replaceMeta(board: BoardRef, meta: BoardMeta, etag: string): Promise<string> {
    try {
      const next = await this.rows.replace(keys.board(board), keys.meta, meta, etag);
      this.remember(board, { value: meta, etag: next });
      // The next head move carries this ETag, so other instances know their copy is stale.
      this.metaWritten.set(keys.board(board), next);
      return next;
    } catch (err) {
      this.forgetBoard(board);
      throw err;
    }
  }

  /** The whole board partition in one query (meta, teams, actions, sessions). */
  async readBoard(board: BoardRef): Promise<BoardRows | null> {
    const all = await this.rows.query<unknown>(partitionFilter(keys.board(board)));
    const meta = all.find((r) => r.rowKey === keys.meta);
    if (!meta) return null;
    const of = <T>(prefix: string) => all.filter((r) => r.rowKey.startsWith(prefix)) as { rowKey: string; value: T; etag: string }[];
    return {
      meta: this.remember(board, { value: meta.value as BoardMeta, etag: meta.etag }),
      teams: of<Team>(keys.teamPrefix).map((r) => r.value),
      actions: of<ActionItem>(keys.actionPrefix).map(({ value, etag }) => ({ value, etag })),
      sessions: of<Session>(keys.sessionPrefix).map((r) => r.value),
      needs: of<Need>(keys.needPrefix).map(({ value, etag }) => ({ value, etag })),
    };
  }

  /**
   * Hands out the board's next `count` topic numbers and answers the first. The counter row is
   * written with the ETag it was read with (or inserted when absent), so two topics added at the
   * same moment never share a number: two storage operations per claim, three when it races.
   */
  async claimTopicNumbers(board: BoardRef, count = 1): Promise<number> {
    const pk = keys.board(board);
    for (let attempt = 0; ; attempt++) {
      const stored = await this.rows.get<{ last: number }>(pk, keys.topicCounter);
      const first = (stored?.value.last ?? 0) + 1;
      const next = { last: first + count - 1 };
      try {
        if (stored) await this.rows.replace(pk, keys.topicCounter, next, stored.etag);
        else await this.rows.insert(pk, keys.topicCounter, next);
        return first;
      } catch (err) {
        if (!(err instanceof WriteConflict) || attempt >= 50) throw err;
      }
    }
  }

  // Teams: one row per slot, so the team limit holds however many people add teams at once.
  async listTeams(board: BoardRef): Promise<Stored<Team>[]> {
    return (await this.rows.query<Team>(prefixFilter(keys.board(board), keys.teamPrefix))).map(({ value, etag }) => ({ value, etag }));
  }
  insertTeam(board: BoardRef, team: Team): Promise<string> {
    return this.rows.insertUnique(keys.board(board), keys.team(team.slot), team);
  }
  replaceTeam(board: BoardRef, team: Team, etag: string): Promise<string> {
    return this.rows.replace(keys.board(board), keys.team(team.slot), team, etag);
  }
  removeTeam(board: BoardRef, team: Team, etag: string): Promise<boolean> {
    return this.rows.remove(keys.board(board), keys.team(team.slot), etag);
  }

  async listActions(board: BoardRef): Promise<Stored<ActionItem>[]> {
    return (await this.rows.query<ActionItem>(prefixFilter(keys.board(board), keys.actionPrefix))).map(({ value, etag }) => ({ value, etag }));
  }
  getAction(board: BoardRef, id: string): Promise<Stored<ActionItem> | null> {
    return this.rows.get<ActionItem>(keys.board(board), keys.action(id));
  }
  insertAction(board: BoardRef, action: ActionItem): Promise<string> {
    return this.rows.insertUnique(keys.board(board), keys.action(action.id), action);
  }
  replaceAction(board: BoardRef, action: ActionItem, etag: string): Promise<string> {
    return this.rows.replace(keys.board(board), keys.action(action.id), action, etag);
  }
  removeAction(board: BoardRef, id: string, etag: string): Promise<boolean> {
    return this.rows.remove(keys.board(board), keys.action(id), etag);
  }

  getSession(board: BoardRef, id: string): Promise<Stored<Session> | null> {
    return this.rows.get<Session>(keys.board(board), keys.sessionRow(id));
  }
  insertSession(board: BoardRef, session: Session): Promise<string> {
    return this.rows.insertUnique(keys.board(board), keys.sessionRow(session.id), session);
  }
  replaceSession(board: BoardRef, session: Session, etag: string): Promise<string> {
    return this.rows.replace(keys.board(board), keys.sessionRow(session.id), session, etag);
  }
  async listSessions(board: BoardRef): Promise<Session[]> {
    return (await this.rows.query<Session>(prefixFilter(keys.board(board), keys.sessionPrefix))).map((r) => r.value);
  }

  // Session partition.

  /**
   * The change marker, and when the running timebox ends: one point read tells a polling panel
   * whether anything changed, including a timebox that ran out on its own since its last look.
   */
  async readMarker(board: BoardRef, sessionId: string): Promise<{ marker: string; endsAt: number } | null> {
    const props = await this.rows.getProps(keys.session(board, sessionId), keys.head);
    if (!props || typeof props["data"] !== "string") return null;
    const { marker } = JSON.parse(props["data"]) as { marker: string };
    return { marker, endsAt: typeof props["endsAt"] === "number" ? props["endsAt"] : 0 };
  }

  /**
   * A fresh marker after every write; unconditional, because any newer marker is as good. Writes
   * that change the timer pass it, so the head also records when the timebox ends.
   */
  async bumpHead(board: BoardRef, sessionId: string, timer?: Timer): Promise<string> {
    const { marker, props } = this.headProps(board, timer);
    await this.rows.mergeProps(keys.session(board, sessionId), keys.head, props);
    return marker;
  }

  /**
   * A fresh head: its marker; when the timer changed, when it ends; and when this instance wrote
   * the meta row since its last head move, that row's ETag (`meta`), which tells every instance
   * holding an older copy to read it again. Only a writer of the meta row sets `meta`, so a
   * stale copy is never announced as current.
   */
  private headProps(board: BoardRef, timer?: Timer, metaEtag?: string): { marker: string; props: Record<string, string | number> } {
    const marker = ulid();
    const props: Record<string, string | number> = { data: JSON.stringify({ marker }) };
    if (timer) props["endsAt"] = timer.status === "running" ? timer.endsAt : 0;
    const written = this.metaWritten.get(keys.board(board)) ?? metaEtag;
    if (written) props["meta"] = written;
    return { marker, props };
  }

  /** Whether this instance wrote the board's meta row since its last change settled (settings, sessions). */
  wroteMeta(board: BoardRef): boolean {
    return this.metaWritten.has(keys.board(board));
  }

  /** Every head the change moved announced the meta this instance wrote: stop announcing it. */
  settle(board: BoardRef): void {
    this.metaWritten.delete(keys.board(board));
  }

  /**
   * What a dot needs, in one query of the session partition: its head (whose `meta` validates the
   * cached board), the topics and the voter's own dots.
   */
  /** A dot as stored: the vote and the nonce of the cast that placed it (a retried cast finds its own dot by it). */
  async readForVote(board: BoardRef, sessionId: string, voter: string): Promise<{ metaAnnounced: string | undefined; topics: Stored<Topic>[]; mine: (Vote & { nonce?: string })[] }> {
    const all = await this.rows.query<unknown>(anyOfFilter(keys.session(board, sessionId), [keys.head], [keys.topicPrefix, keys.votesOf(voter)]));
    const head = all.find((r) => r.rowKey === keys.head);
    const announced = head?.props["meta"];
    return {
      metaAnnounced: typeof announced === "string" ? announced : undefined,
      topics: all.filter((r) => r.rowKey.startsWith(keys.topicPrefix)).map(({ value, etag }) => ({ value: value as Topic, etag })),
      mine: all.filter((r) => r.rowKey.startsWith(keys.votePrefix)).map((r) => r.value as Vote & { nonce?: string }),
    };
  }

  /**
   * Places a dot and moves the head in one transaction (both rows are in the session partition).
   * `metaEtag`: the meta ETag just read fresh, announced when the head holds another (or none).
   */
  async castWithHead(board: BoardRef, sessionId: string, vote: Vote, nonce: string, metaEtag?: string): Promise<string> {
    const { marker, props } = this.headProps(board, undefined, metaEtag);
    await this.rows.transact(keys.session(board, sessionId), { insert: { rowKey: keys.vote(vote.voter, vote.slot), value: { ...vote, nonce } } }, { rowKey: keys.head, props });
    return marker;
  }



  /** Takes a dot back and moves the head in one transaction: the new marker, or null when the dot was gone already. */
  async withdrawWithHead(board: BoardRef, sessionId: string, vote: Pick<Vote, "voter" | "slot">, metaEtag?: string): Promise<string | null> {
    const { marker, props } = this.headProps(board, undefined, metaEtag);
    try {
      await this.rows.transact(keys.session(board, sessionId), { remove: keys.vote(vote.voter, vote.slot) }, { rowKey: keys.head, props });
      return marker;
    } catch (err) {
      if (err instanceof WriteConflict && err.reason === "missing") return null;
      throw err;
    }
  }

  /** Everything in a session, in one partition query. */
  async readSession(board: BoardRef, sessionId: string): Promise<SessionRows> {
    const all = await this.rows.query<unknown>(partitionFilter(keys.session(board, sessionId)));
    const of = <T>(prefix: string) => all.filter((r) => r.rowKey.startsWith(prefix)) as { rowKey: string; value: T; etag: string }[];
    const head = all.find((r) => r.rowKey === keys.head);
    const timer = all.find((r) => r.rowKey === keys.timer);
    const turn = all.find((r) => r.rowKey === keys.turn);
    return {
      marker: head ? (head.value as { marker: string }).marker : null,
      topics: of<Topic>(keys.topicPrefix).map(({ value, etag }) => ({ value, etag })),
      votes: of<Vote>(keys.votePrefix).map((r) => r.value),
      timer: timer ? { value: timer.value as Timer, etag: timer.etag } : null,
      ballots: of<RomanBallot>(keys.ballotPrefix).map((r) => r.value),
      updates: of<DailyUpdate>(keys.dailyPrefix).map((r) => r.value),
      turn: turn ? { value: turn.value as Turn, etag: turn.etag } : null,
      attendance: of<Attendance>(keys.attendancePrefix).map((r) => r.value),
      present: of<{ id: string }>(keys.presencePrefix).map((r) => r.value.id),
    };
  }

  getTopic(board: BoardRef, sessionId: string, topicId: string): Promise<Stored<Topic> | null> {
    return this.rows.get<Topic>(keys.session(board, sessionId), keys.topic(topicId));
  }
  async listTopics(board: BoardRef, sessionId: string): Promise<Stored<Topic>[]> {
    return (await this.rows.query<Topic>(prefixFilter(keys.session(board, sessionId), keys.topicPrefix))).map(({ value, etag }) => ({ value, etag }));
  }
  insertTopic(board: BoardRef, sessionId: string, topic: Topic): Promise<string> {
    return this.rows.insertUnique(keys.session(board, sessionId), keys.topic(topic.id), topic);
  }
  replaceTopic(board: BoardRef, sessionId: string, topic: Topic, etag: string): Promise<string> {
    return this.rows.replace(keys.session(board, sessionId), keys.topic(topic.id), topic, etag);
  }

  async listVotes(board: BoardRef, sessionId: string, voter?: string): Promise<Vote[]> {
    const prefix = voter === undefined ? keys.votePrefix : keys.votesOf(voter);
    return (await this.rows.query<Vote>(prefixFilter(keys.session(board, sessionId), prefix))).map((r) => r.value);
  }
  /**
   * Fails with WriteConflict("exists") when the slot is taken: that is what bounds the dots. The
   * nonce makes each cast's row unique, so a retried insert recognises only its own row as done.
   */
  insertVote(board: BoardRef, sessionId: string, vote: Vote, nonce: string): Promise<string> {
    return this.rows.insertUnique(keys.session(board, sessionId), keys.vote(vote.voter, vote.slot), { ...vote, nonce });
  }
  removeVote(board: BoardRef, sessionId: string, vote: Pick<Vote, "voter" | "slot">): Promise<boolean> {
    return this.rows.remove(keys.session(board, sessionId), keys.vote(vote.voter, vote.slot));
  }

  async getTimer(board: BoardRef, sessionId: string): Promise<Stored<Timer> | null> {
    return this.rows.get<Timer>(keys.session(board, sessionId), keys.timer);
  }
  /** Writes the timer only if nobody changed it since it was read (`etag` null: only if absent). */
  writeTimer(board: BoardRef, sessionId: string, timer: Timer, etag: string | null): Promise<string> {
    const pk = keys.session(board, sessionId);
    return etag === null ? this.rows.insert(pk, keys.timer, timer) : this.rows.replace(pk, keys.timer, timer, etag);
  }

  upsertBallot(board: BoardRef, sessionId: string, ballot: RomanBallot): Promise<void> {
    return this.rows.upsert(keys.session(board, sessionId), keys.ballot(ballot.topicId, ballot.round, ballot.voterId), ballot);
  }

  // Daily round and needs.
  getDailyUpdate(board: BoardRef, sessionId: string, teamId: string): Promise<Stored<DailyUpdate> | null> {
    return this.rows.get<DailyUpdate>(keys.session(board, sessionId), keys.daily(teamId));
  }
  /** Only if nobody posted the team's next steps since they were read (`etag` null: only if none were). */
  writeDailyUpdate(board: BoardRef, sessionId: string, update: DailyUpdate, etag: string | null): Promise<string> {
    const pk = keys.session(board, sessionId);
    return etag === null ? this.rows.insert(pk, keys.daily(update.teamId), update) : this.rows.replace(pk, keys.daily(update.teamId), update, etag);
  }
  recordAttendance(board: BoardRef, sessionId: string, attendance: Attendance): Promise<void> {
    return this.rows.upsert(keys.session(board, sessionId), keys.attendance(attendance.teamId), attendance);
  }
  /** Whether a person is recorded present in a session (one point read). */
  async isPresent(board: BoardRef, sessionId: string, userId: string): Promise<boolean> {
    return (await this.rows.get(keys.session(board, sessionId), keys.presence(userId))) !== null;
  }
  recordPresence(board: BoardRef, sessionId: string, userId: string, at: number): Promise<void> {
    return this.rows.upsert(keys.session(board, sessionId), keys.presence(userId), { id: userId, at });
  }
  async getAttendance(board: BoardRef, sessionId: string, teamId: string): Promise<Attendance | null> {
    return (await this.rows.get<Attendance>(keys.session(board, sessionId), keys.attendance(teamId)))?.value ?? null;
  }
  getTurn(board: BoardRef, sessionId: string): Promise<Stored<Turn> | null> {
    return this.rows.get<Turn>(keys.session(board, sessionId), keys.turn);
  }
  /** Like the timer: only if nobody moved the round on since it was read (`etag` null: only if absent). */
  writeTurn(board: BoardRef, sessionId: string, turn: Turn, etag: string | null): Promise<string> {
    const pk = keys.session(board, sessionId);
    return etag === null ? this.rows.insert(pk, keys.turn, turn) : this.rows.replace(pk, keys.turn, turn, etag);
  }
  removeTurn(board: BoardRef, sessionId: string, etag: string): Promise<boolean> {
    return this.rows.remove(keys.session(board, sessionId), keys.turn, etag);
  }
  async listNeeds(board: BoardRef): Promise<Stored<Need>[]> {
    return (await this.rows.query<Need>(prefixFilter(keys.board(board), keys.needPrefix))).map(({ value, etag }) => ({ value, etag }));
  }
  getNeed(board: BoardRef, id: string): Promise<Stored<Need> | null> {
    return this.rows.get<Need>(keys.board(board), keys.need(id));
  }
  insertNeed(board: BoardRef, need: Need): Promise<string> {
    return this.rows.insertUnique(keys.board(board), keys.need(need.id), need);
  }
  replaceNeed(board: BoardRef, need: Need, etag: string): Promise<string> {
    return this.rows.replace(keys.board(board), keys.need(need.id), need, etag);
  }

  /**
   * Writes topics (and votes) into a session's partition in transactions. Carry-over writes topics
   * only: their dots travel as each topic's `carriedDots`, so nobody's dots stay spent.
   */
  async seedSession(board: BoardRef, sessionId: string, topics: Topic[], votes: Vote[] = []): Promise<void> {
    const pk = keys.session(board, sessionId);
    await this.rows.insertMany<Topic | Vote>(pk, [
      ...topics.map((t) => ({ rowKey: keys.topic(t.id), value: t })),
      ...votes.map((v) => ({ rowKey: keys.vote(v.voter, v.slot), value: v })),
    ]);
  }
}

