/**
 * Ids of what this panel added optimistically and the server has not answered yet: such a row
 * is shown at once but cannot be acted on (voted, moved, answered, merged) until it has a real id.
 */
const PREFIX = "pending-";

export function pendingId(): string {
  return `${PREFIX}${Date.now()}`;
}

export function isPending(id: string): boolean {
  return id.startsWith(PREFIX);
}
