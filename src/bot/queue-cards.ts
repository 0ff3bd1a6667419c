import type { Continuation, RomanTally, SessionView } from "../domain";
import { TOPIC_TITLE_MAX } from "../domain";
import { card, carriedNote, execute, formatWhen, heading, notice, numbered, openButton, plural, refresh, text, VERBS, type Card, type Json, type Notice } from "./card-kit";
import { inert } from "./inert-text";

/**
 * The lean coffee's cards: the topic queue to vote on, "time's up — continue?" with the room's
 * thumbs, the room's decision, and the call for topics before the weekly.
 */

/** Most topics a card lists; the side panel shows the rest. */
export const CARD_TOPIC_LIMIT = 15;

export interface QueueCardOptions {
  /** True for one person's view (their dots); false for the message everyone sees before it refreshes. */
  personal: boolean;
  /** Teams ids whose clients refresh the card to their own view (at most 60). */
  userIds: string[];
  notice?: Notice;
  /** The card is (or replaces, for one person) the queue message posted in the chat. */
  shared?: boolean;
}

/** The queue with a vote button per topic; personal views show the viewer's dots. */
export function queueCard(view: SessionView, options: QueueCardOptions): Card {
  const queued = view.topics.filter((t) => t.state === "queued");
  const discussing = view.topics.find((t) => t.state === "discussing");
  const limit = view.settings.votesPerPerson;
  const mark = options.shared ? { onQueueCard: true } : {};
  const body: Json[] = [heading("Topic queue"), ...notice(options.notice)];
  if (discussing) body.push(text(`Now discussing: **${inert(discussing.title)}**`));
  body.push(
    text(
      options.personal
        ? `You have ${plural(view.me.dotsLeft, "dot")} left of ${limit}.`
        : `Each person has ${plural(limit, "dot")}. Vote with the buttons or type \`vote\` and the topic's number; the card shows your own dots once it refreshes.`,
      { isSubtle: true, spacing: "Small" },
    ),
  );
  if (queued.length === 0) body.push(text("The queue is empty. Add the first topic below or with `add [title]`."));
  queued.slice(0, CARD_TOPIC_LIMIT).forEach((t, i) => {
    const dots = t.dots === null ? "dots hidden until the discussion starts" : `${plural(t.dots, "dot")}${carriedNote(t)}`;
    const mine = options.personal && t.myDots > 0 ? ` · ${t.myDots} of them yours` : "";
    const actions = [execute("Vote", VERBS.vote, { topicId: t.id, ...mark })];
    if (options.personal && t.myDots > 0) actions.push(execute("Take back", VERBS.unvote, { topicId: t.id, ...mark }));
    body.push({
      type: "Container",
      separator: i > 0,
      items: [
        text(`**${i + 1}. ${numbered(t)}**`),
        text(`${dots}${mine}${t.author ? ` · added by ${inert(t.author.name)}` : ""}`, { isSubtle: true, spacing: "None", size: "Small" }),
        { type: "ActionSet", actions },
      ],
    });
  });
  if (queued.length > CARD_TOPIC_LIMIT) body.push(text(`…and ${queued.length - CARD_TOPIC_LIMIT} more in the side panel.`, { isSubtle: true }));
  if (view.session.phase !== "closed") {
    body.push({ type: "Input.Text", id: "title", label: "Add a topic", placeholder: "What should the teams talk about?", maxLength: TOPIC_TITLE_MAX });
  }
  const actions = view.session.phase !== "closed" ? [execute("Add topic", VERBS.addTopic, mark)] : [];
  actions.push(execute("Refresh", VERBS.queue, mark));
  return card(body, { actions, ...refresh(VERBS.queue, options.userIds, mark) });
}

export interface TimeUpCardInput {
  topicId: string;
  topicTitle: string;
  round: number;
  tally: RomanTally;
  nextExtensionMinutes: number | null;
  myChoice: string | null;
  userIds: string[];
  notice?: Notice;
}

const ROMAN_LABELS = { up: "👍 Continue", sideways: "✋ Either way", down: "👎 Move on" } as const;

/** "Time's up — continue?": the room's thumbs, and the facilitator's button to close the vote. */
export function timeUpCard(input: TimeUpCardInput): Card {
  const { tally } = input;
  const offer = input.nextExtensionMinutes === null ? "No extension is left: the topic moves on." : `Continuing adds ${plural(input.nextExtensionMinutes, "minute")}.`;
  const body: Json[] = [
    heading("⏰ Time's up — continue?"),
    ...notice(input.notice),
    text(`**${inert(input.topicTitle)}**`),
    text(offer, { isSubtle: true }),
    text(`👍 ${tally.up} · ✋ ${tally.sideways} · 👎 ${tally.down}`, { size: "Large", weight: "Bolder" }),
  ];
  if (input.myChoice) body.push(text(`Your vote: ${ROMAN_LABELS[input.myChoice as keyof typeof ROMAN_LABELS] ?? input.myChoice}`, { isSubtle: true }));
  const data = { topicId: input.topicId, round: input.round };
  const votes = input.nextExtensionMinutes === null ? [] : (["up", "sideways", "down"] as const).map((choice) => execute(ROMAN_LABELS[choice], VERBS.roman, { ...data, choice }));
  return card(body, {
    actions: [...votes, execute("Close the vote (facilitator)", VERBS.conclude, data)],
    ...refresh(VERBS.roman, input.userIds, { ...data, choice: "" }),
  });
}

/** The room's decision, posted once. */
export function romanResultCard(topicTitle: string, continuation: Continuation, tally: RomanTally): Card {
  const decision =
    continuation.decision === "extend"
      ? `Continue for ${plural(continuation.minutes, "more minute")}.`
      : continuation.reason === "no_extension_left"
        ? "Moving on: no extension was left."
        : "Moving on to the next topic.";
  return card([heading("The room decided"), text(`**${inert(topicTitle)}**`), text(decision, { weight: "Bolder" }), text(`👍 ${tally.up} · ✋ ${tally.sideways} · 👎 ${tally.down}`, { isSubtle: true })]);
}

export function topicCallCard(meetingAt: number, timeZone: string, queued: number, boardUrl: string | null): Card {
  return card(
    [
      heading("📣 Topics for the weekly, please"),
      text(`The scrum of scrums meets on **${formatWhen(meetingAt, timeZone)}**.`),
      text(queued === 0 ? "The queue is empty so far." : `${plural(queued, "topic is", "topics are")} in the queue so far.`),
      text("Add a topic with `add [title]` and put your dots on the ones that matter most.", { isSubtle: true }),
    ],
    { actions: [execute("Show the queue and vote", VERBS.queue), ...openButton(boardUrl)] },
  );
}
