import type { ProductionConfig } from "../config";
import type { MeetingRole } from "../domain";
import type { RoleSource } from "../service/context";
import type { BoardRef } from "../store/keys";

/** Asks Teams for a person's role in the board's meeting; null when Teams cannot say. */
export interface ParticipantLookup {
  meetingRole(board: BoardRef, userId: string): Promise<MeetingRole | null>;
}

/** Roles change during a meeting (someone is made presenter): they are cached only briefly. */
export const ROLE_CACHE_MS = 60_000;

/**
 * Meeting roles in Teams come from the meeting's participant API
 * (`GET {serviceUrl}/v1/meetings/{meetingId}/participants/{userId}?tenantId=…`), called by the bot
 * with the conversation reference and meeting id it stored for the board. Until the bot has seen
 * the meeting, or when Teams does not answer, nobody is a facilitator: safe, and said plainly.
 */
export function productionRoles(
  _config: ProductionConfig,
  lookup: () => Promise<ParticipantLookup>,
  options: { ttlMs?: number; now?: () => number; log?: (message: string, err?: unknown) => void } = {},
): RoleSource {
  const ttl = options.ttlMs ?? ROLE_CACHE_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { role: MeetingRole; at: number }>();
  return {
    async roleOf(board: BoardRef, userId: string): Promise<MeetingRole> {
      const key = `${board.tenantId}\n${board.chatId}\n${userId}`;
      const hit = cache.get(key);
      if (hit && now() - hit.at < ttl) return hit.role;
      // Teams knows people by their Entra object id (a GUID); anyone else (the bot itself) attends.
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) return "attendee";
      let role: MeetingRole = "attendee";
      try {
        role = (await (await lookup()).meetingRole(board, userId)) ?? "attendee";
      } catch (err) {
        options.log?.("roles: the meeting participant API did not answer", err);
        return "attendee";
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { role, at: now() });
      return role;
    },
  };
}
