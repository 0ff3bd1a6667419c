import { z } from "zod/v4";
import {
  ACTION_STATUSES,
  ACTION_TEXT_MAX,
  DECLINE_REASON_MAX,
  NEED_ANSWERS,
  NEED_TEXT_MAX,
  NEXT_STEPS_MAX,
  ROMAN_CHOICES,
  SESSION_KINDS,
  TAKEAWAYS_MAX,
  TEAM_COLORS,
  TEAM_NAME_MAX,
  TOPIC_DETAILS_MAX,
  TOPIC_TITLE_MAX,
} from "../domain";

/**
 * One schema per message, shared by the tab (forms), the API (request bodies) and the bot (card
 * data and commands). Shapes and bounds live here; rules that depend on state live in the domain.
 * Unknown fields are dropped, so nothing a body says about identity is ever read.
 */

/**
 * Characters that change how a text displays without showing themselves: bidi embeddings,
 * overrides and isolates (U+202A–202E, U+2066–2069) can make "exe.txt" read "txt.exe", and
 * zero-width characters (U+200B–200D, U+2060, U+FEFF) can hide a word from search or make two
 * names look equal. A zero-width joiner between two emoji is kept: it builds one emoji (👩‍💻).
 */
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B\u200C\u2060\uFEFF]|(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
/** Half of a UTF-16 surrogate pair on its own: not a character at all, and it breaks encoders downstream. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Removes invisible characters and broken surrogates from free text (people type or paste them unknowingly). */
export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE, "").replace(new RegExp(LONE_SURROGATE.source, "g"), "");
}

/** Whether a text holds anything `stripInvisible` would remove: identifiers with such characters are refused. */
export function hasInvisible(s: string): boolean {
  return stripInvisible(s) !== s;
}

/** No control characters: they cannot be displayed and would only hide what a text says. Invisible formatting characters are stripped. */
const text = (max: number, label: string) =>
  z
    .string()
    .max(max * 2, { error: `${label} must be at most ${max} characters.` })
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), { error: "Remove control characters." })
    .transform((s) => stripInvisible(s).trim())
    .pipe(z.string().max(max, { error: `${label} must be at most ${max} characters.` }));

const requiredText = (max: number, label: string) =>
  text(max, label).pipe(z.string().min(1, { error: `${label} cannot be empty.` }));

/** An identifier given out by Teams or Entra (chat, user): refused, not cleaned, when it holds invisible characters, so it never names something else. */
const opaqueId = (max: number, label: string) =>
  z
    .string()
    .min(1, { error: `${label} cannot be empty.` })
    .max(max, { error: `${label} is at most ${max} characters.` })
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    .refine((s) => !/[\u0000-\u001F\u007F]/.test(s), { error: `${label} has no control characters.` })
    .refine((s) => !hasInvisible(s), { error: `${label} has no invisible or bidi formatting characters.` });

export const Id = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: "Not an id this app gave out." });
export const ChatId = opaqueId(400, "A chat id");
const UserId = opaqueId(100, "A user id");
export const PersonSchema = z.object({ id: UserId, name: requiredText(100, "The name") });
/** A person of the meeting, named by id only: the name is the roster's (a name sent along is ignored). */
export const PersonRef = z.object({ id: UserId, name: z.string().max(200).optional() });
export const DateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Write the date as YYYY-MM-DD." });

/**
 * What the editor's panel showed of each text they changed: the version they started from. A
 * stale edit is refused with both texts (409 `edit_conflict`, see the domain's edits); an edit
 * without it is only accepted where it cannot overwrite anyone (the text is empty).
 */
const was = (max: number) => text(max, "The text you started from").optional();
/** Whether a patch changes anything besides saying where it started. */
const changesSomething = (p: object) => Object.keys(p).some((k) => k !== "was");

export const AddTopic = z.object({
  title: requiredText(TOPIC_TITLE_MAX, "The title"),
  details: text(TOPIC_DETAILS_MAX, "The details").optional(),
  teamId: Id.nullable().optional(),
});
export const EditTopic = AddTopic.partial()
  .extend({ was: z.object({ title: was(TOPIC_TITLE_MAX), details: was(TOPIC_DETAILS_MAX) }).optional() })
  .refine(changesSomething, { error: "Send at least one of title, details, teamId." });
export const MergeTopic = z.object({ intoTopicId: Id });
export const DiscussNext = z.object({ topicId: Id.optional() });
export const RomanVote = z.object({ choice: z.enum(ROMAN_CHOICES, { error: "Choose up, sideways or down." }) });
/** A facilitator's rewrite of the takeaways, from the text they started with. */
export const Takeaways = z.object({ takeaways: text(TAKEAWAYS_MAX, "The takeaways"), was: was(TAKEAWAYS_MAX) });
/** Anyone adds one takeaway: a line at the end, never a rewrite. */
export const AddTakeaway = z.object({ line: requiredText(TAKEAWAYS_MAX, "The takeaway") });
export const StartSession = z.object({ kind: z.enum(SESSION_KINDS, { error: "A session is weekly or daily." }) });
/** The meeting's scheduled end (server epoch ms), or null to forget it; the agenda's cut line follows it. */
export const SetMeetingEnd = z.object({
  endsAt: z.number({ error: "Send the meeting's end as epoch milliseconds, or null." }).int({ error: "Send the meeting's end as whole epoch milliseconds." }).nullable(),
});

export const CreateAction = z.object({
  text: requiredText(ACTION_TEXT_MAX, "The action"),
  ownerTeamId: Id.nullable().optional(),
  ownerUserId: UserId.nullable().optional(),
  ownerName: text(100, "The owner's name").optional(),
  due: DateString.nullable().optional(),
  originTopicId: Id.nullable().optional(),
});
export const EditAction = CreateAction.omit({ originTopicId: true })
  .partial()
  .extend({ was: z.object({ text: was(ACTION_TEXT_MAX), ownerName: was(100) }).optional() })
  .refine(changesSomething, { error: "Send at least one field to change." });
export const MoveAction = z.object({ status: z.enum(ACTION_STATUSES, { error: "Move an action to todo, doing or done." }) });
export const ActionsQuery = z.object({
  status: z.enum(ACTION_STATUSES).optional(),
  ownerTeamId: Id.optional(),
  ownerUserId: UserId.optional(),
  overdue: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});

export const CadenceSchema = z.object({
  weekday: z.number().int().min(0).max(6),
  time: z.string().regex(/^\d{2}:\d{2}$/, { error: "Write the time as HH:MM." }),
  durationMinutes: z.number().int(),
});
/** A board's settings, whole: what the API answers and, field by field, what a facilitator may change. */
export const BoardSettingsSchema = z.object({
  timeboxMinutes: z.number().int(),
  extensionMinutes: z.array(z.number().int()).max(10),
  votesPerPerson: z.number().int(),
  allowStacking: z.boolean(),
  hideTotalsUntilDiscussion: z.boolean(),
  anonymousAuthors: z.boolean(),
  teamLimit: z.number().int(),
  votesPerTeam: z.boolean(),
  dailyTurnMinutes: z.number().int(),
  timeZone: z.string().min(1).max(64),
  cadence: CadenceSchema.nullable(),
  topicCallMinutesBefore: z.number().int(),
  escalateOverdueNeeds: z.boolean(),
});
export const UpdateSettings = BoardSettingsSchema.partial()
  .refine((p) => Object.keys(p).length > 0, { error: "Send at least one setting to change." });

export const AddTeam = z.object({
  name: requiredText(TEAM_NAME_MAX, "The team name"),
  color: z.enum(TEAM_COLORS).optional(),
  representative: PersonRef.nullable().optional(),
  alternates: z.array(PersonRef).max(5).optional(),
});
export const EditTeam = AddTeam.partial()
  .extend({ was: z.object({ name: was(TEAM_NAME_MAX) }).optional() })
  .refine(changesSomething, { error: "Send at least one field to change." });

export const DailyUpdateMessage = z.object({ nextSteps: requiredText(NEXT_STEPS_MAX, "Next steps"), was: was(NEXT_STEPS_MAX) });
export const RaiseNeed = z.object({
  fromTeamId: Id,
  toTeamId: Id,
  text: requiredText(NEED_TEXT_MAX, "The need"),
  by: DateString.nullable().optional(),
});
export const AnswerNeed = z
  .object({ answer: z.enum(NEED_ANSWERS, { error: "Answer accept, decline or done." }), reason: text(DECLINE_REASON_MAX, "The reason").optional() })
  .refine((a) => a.answer !== "decline" || (a.reason ?? "").length > 0, { error: "Say why you decline, so the asking team can find help elsewhere.", path: ["reason"] });
export const NextTurn = z.object({ teamId: Id.optional() });

// Card data: what a button on a need's card in the meeting chat sends (the bot checks it with these).
/** The need a card is about: its refresh asks for the viewer's current view of it. */
export const NeedCardRef = z.object({ needId: Id });
/** Accept / Decline / Done on a need's card: the same answer the side panel sends, plus the need; the reason comes from the card's input. */
export const NeedCardAnswer = NeedCardRef.and(AnswerNeed);
export const CheckIn = z.object({ teamId: Id });

export const SummaryQuery = z.object({
  format: z.enum(["json", "md", "csv"], { error: "Ask for json, md or csv." }).optional(),
  sessionId: Id.optional(),
  /** The reader's language for Markdown and CSV (en or fr; a locale such as fr-FR will do); else Accept-Language. */
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, { error: "Ask for a language such as en or fr." })
    .optional(),
});

export type AddTopicMessage = z.infer<typeof AddTopic>;
export type CreateActionMessage = z.infer<typeof CreateAction>;
export type UpdateSettingsMessage = z.infer<typeof UpdateSettings>;
