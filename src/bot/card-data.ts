import { z } from "zod/v4";
import { AddTopic, Id, NeedCardAnswer, NeedCardRef, RomanVote } from "../schemas/messages";
import { VERBS, type Verb } from "./card-kit";

/**
 * What each card button may send, built from the shared message schemas (AddTopic, RomanVote, Id)
 * so a card and the side panel's API accept exactly the same input. One schema per verb; the need
 * card's schemas live with the other message schemas (NeedCardRef, NeedCardAnswer).
 */
/** Set on the buttons of the queue card posted in the chat: a vote there updates that shared message. */
const OnQueueCard = { onQueueCard: z.boolean().optional() };
export const TopicRef = z.object({ topicId: Id, ...OnQueueCard });
export const RoundRef = z.object({ topicId: Id, round: z.number().int().min(0).max(20) });

export const CARD_DATA = {
  [VERBS.queue]: z.object(OnQueueCard),
  [VERBS.vote]: TopicRef,
  [VERBS.unvote]: TopicRef,
  [VERBS.addTopic]: AddTopic.pick({ title: true }).extend(OnQueueCard),
  // The card's refresh sends the round without a choice: that is a request for the current view.
  [VERBS.roman]: z.union([RoundRef.extend(RomanVote.shape), RoundRef.extend({ choice: z.literal("") })]),
  [VERBS.conclude]: RoundRef,
  [VERBS.needView]: NeedCardRef,
  [VERBS.answerNeed]: NeedCardAnswer,
} as const satisfies Record<Verb, z.ZodType>;

export type CardData<V extends Verb> = z.infer<(typeof CARD_DATA)[V]>;

export type ParsedAction = { [V in Verb]: { verb: V; data: CardData<V> } }[Verb];

/** Checks a button's verb and data; the message names what was wrong. */
export function parseCardAction(verb: unknown, data: unknown): { ok: true; action: ParsedAction } | { ok: false; message: string } {
  if (typeof verb !== "string" || !(Object.values(VERBS) as string[]).includes(verb)) return { ok: false, message: "That button is not one this bot knows." };
  const v = verb as Verb;
  const parsed = CARD_DATA[v].safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".");
    return { ok: false, message: issue ? `${field ? `${field}: ` : ""}${issue.message}` : "That button sent something unexpected." };
  }
  return { ok: true, action: { verb: v, data: parsed.data } as ParsedAction };
}
