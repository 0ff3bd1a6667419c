import { byName, type Member } from "../domain";
import { keys, type BoardRef } from "../store/keys";
import type { RosterStore } from "../store/roster";
import type { Roster } from "./context";

/** A roster read is kept this long on an instance: removals and role changes show within it. */
export const ROSTER_CACHE_MS = 30_000;

export interface StoredRosterOptions {
  now?: () => number;
  ttlMs?: number;
  /**
   * Asked once when a person is not on the stored roster (Teams: the conversation member and
   * meeting participant APIs); what it finds is written, so it is asked once per person.
   */
  lookup?: (board: BoardRef, userId: string) => Promise<(Member & { teamsId?: string | null }) | null>;
  /** Local development only: the first person to open a chat with an empty roster becomes its organizer. */
  firstOpenerOrganizes?: boolean;
  log?: (message: string, err?: unknown) => void;
}

export interface StoredRoster extends Roster {
  /** Forget this instance's copy of a board's roster (after a change made here). */
  forget(board: BoardRef): void;
}

/**
 * The roster service over roster rows, with a brief per-instance cache of each board's list. A
 * person missing from the cached list is read once more (they may have been added on another
 * instance) before the lookup is asked, so only an outsider costs a point read per request.
 */
export function storedRoster(store: RosterStore, options: StoredRosterOptions = {}): StoredRoster {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? ROSTER_CACHE_MS;
  const cache = new Map<string, { at: number; members: Map<string, Member> }>();
  const key = (board: BoardRef) => keys.roster(board);

  async function load(board: BoardRef): Promise<Map<string, Member>> {
    const hit = cache.get(key(board));
    if (hit && now() - hit.at < ttl) return hit.members;
    const members = new Map((await store.list(board)).map((r) => [r.id, { id: r.id, name: r.name, role: r.role }] as const));
    if (cache.size > 5_000) cache.clear();
    cache.set(key(board), { at: now(), members });
    return members;
  }

  return {
    forget: (board) => void cache.delete(key(board)),
    async members(board) {
      return byName([...(await load(board)).values()]);
    },
    async member(board, userId, name) {
      const id = userId.toLowerCase();
      const known = await load(board);
      const hit = known.get(id);
      if (hit) return hit;
      const row = await store.get(board, id);
      if (row) {
        cache.delete(key(board));
        return { id: row.id, name: row.name, role: row.role };
      }
      let found: (Member & { teamsId?: string | null }) | null = null;
      try {
        found = options.lookup ? await options.lookup(board, id) : null;
      } catch (err) {
        options.log?.("roster: Teams did not answer who is in the meeting", err);
        return null;
      }
      if (!found) {
        if (!(options.firstOpenerOrganizes && known.size === 0 && name !== undefined && (await store.list(board)).length === 0)) return null;
        const first: Member = { id, name, role: "organizer" };
        await store.put(board, first, now());
        cache.delete(key(board));
        return first;
      }
      const member: Member = { id, name: found.name, role: found.role };
      await store.put(board, { ...member, teamsId: found.teamsId ?? null }, now());
      cache.delete(key(board));
      return member;
    },
  };
}
