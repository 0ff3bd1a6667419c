/** Small builders shared by the domain specifications. Not a test file: jest only runs *.test.ts. */
import {
  DEFAULT_SETTINGS,
  DomainError,
  addTopic,
  type ActionInput,
  type ActionItem,
  type BoardSettings,
  type DomainErrorCode,
  type Topic,
  type TopicState,
  createAction,
} from "../../src/domain";

export const MINUTE = 60_000;
/** 2026-03-02T09:00:00Z, a Monday morning. */
export const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

export function settings(patch: Partial<BoardSettings> = {}): BoardSettings {
  return { ...DEFAULT_SETTINGS, ...patch };
}

let numbered = 0;
export function topic(id: string, patch: Partial<Topic> = {}): Topic {
  return { ...addTopic({ title: `Topic ${id}` }, { id: `author-${id}`, name: `Author ${id}` }, T0, id, ++numbered), ...patch };
}

export function topicWith(id: string, state: TopicState, createdAt = T0): Topic {
  return topic(id, { state, createdAt });
}

export function byId(topics: readonly Topic[]): Map<string, Topic> {
  return new Map(topics.map((t) => [t.id, t]));
}

export function action(id: string, input: Partial<ActionInput> = {}, originSessionId: string | null = "s1", now = T0): ActionItem {
  return createAction({ text: `Action ${id}`, ownerName: "Ada", ...input }, "creator", now, id, originSessionId);
}

/** Runs a command that must be refused and returns the DomainError it threw. */
export function refusal(command: () => unknown): DomainError {
  try {
    command();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected the command to be refused, but it succeeded");
}

/** Asserts a refusal with this code, a non-empty human message, and (when given) the field at fault. */
export function expectRefusal(command: () => unknown, code: DomainErrorCode, field?: string): DomainError {
  const error = refusal(command);
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  expect(error.name).toBe("DomainError");
  if (field !== undefined) expect(error.field).toBe(field);
  return error;
}
