/**
 * Reading a chat message as a command. Forgiving: any case, a leading @mention of the bot, extra
 * spaces, a trailing full stop. What it cannot read becomes `unknown`, which the bot answers with
 * a short help, never silence.
 */

export type ChatCommand =
  | { kind: "add"; title: string }
  | { kind: "queue" }
  /** `number`: the topic's stable number on its board, as cards and the panel show it. */
  | { kind: "vote"; number: number }
  | { kind: "unvote"; number: number }
  | { kind: "next" }
  | { kind: "extend" }
  | { kind: "action"; text: string; mentions: string[]; owners: string[]; due: string | null }
  | { kind: "actions" }
  | { kind: "summary" }
  | { kind: "daily"; nextSteps: string }
  /** `team` is the word (or quoted name) after @; `after` is everything after the @, for team names with spaces. */
  | { kind: "need"; team: string; text: string; after: string; by: string | null }
  | { kind: "help" }
  | { kind: "unknown"; text: string; hint: string | null };

const ALIASES: Record<string, ChatCommand["kind"]> = {
  add: "add",
  topic: "add",
  queue: "queue",
  list: "queue",
  topics: "queue",
  vote: "vote",
  unvote: "unvote",
  next: "next",
  extend: "extend",
  action: "action",
  actions: "actions",
  summary: "summary",
  daily: "daily",
  need: "need",
  help: "help",
  "?": "help",
};

const ENTITIES: Record<string, string> = { "&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&apos;": "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (m) => ENTITIES[m] ?? m);
}

/** Plain text of a Teams message: mention tags kept as `<at>Name</at>`, any other markup dropped. */
export function normalizeMessage(text: string): string {
  const kept = text
    .replace(/<at>/gi, "\u0001")
    .replace(/<\/at>/gi, "\u0002")
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/<[^>]*>/g, "");
  // eslint-disable-next-line no-control-regex -- placeholders for the mention tags
  return decodeEntities(kept.replace(/\u0001/g, "<at>").replace(/\u0002/g, "</at>")).replace(/\s+/g, " ").trim();
}

function parseNumber(rest: string): number | null {
  const m = /^#?(\d{1,3})\.?$/.exec(rest.trim());
  if (!m?.[1]) return null;
  const n = Number(m[1]);
  return n >= 1 ? n : null;
}

/**
 * Parses one message. `botNames` are the names the bot may be @mentioned by; a leading mention of
 * any of them (or, in a chat where only the bot is addressed, any leading mention) is skipped.
 */
export function parseCommand(message: string, botNames: readonly string[] = []): ChatCommand {
  let text = normalizeMessage(message);
  const lowerBots = botNames.map((n) => n.toLowerCase());
  for (;;) {
    const lead = /^<at>([^<]*)<\/at>\s*/i.exec(text);
    if (lead && (lowerBots.length === 0 || lowerBots.includes((lead[1] ?? "").trim().toLowerCase()))) {
      text = text.slice(lead[0].length);
      continue;
    }
    const plain = /^@(\S+)\s*/.exec(text);
    if (plain && lowerBots.some((b) => b.replace(/\s+/g, "") === (plain[1] ?? "").toLowerCase())) {
      text = text.slice(plain[0].length);
      continue;
    }
    break;
  }
  text = text.replace(/^[/!]/, "").trim();
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text);
  const word = (m?.[1] ?? "").toLowerCase().replace(/[.:,!]+$/, "");
  const rest = (m?.[2] ?? "").trim();
  const kind = ALIASES[word];
  if (!kind) return { kind: "unknown", text, hint: null };
  switch (kind) {
    case "add": {
      const title = rest.replace(/^topic\b[:\s]*/i, "").replace(/^[:\-–]\s*/, "").trim();
      if (!title) return { kind: "unknown", text, hint: "Write the topic after add, for example: add Release train dates" };
      return { kind: "add", title };
    }
    case "vote":
    case "unvote": {
      const number = parseNumber(rest);
      if (number === null) return { kind: "unknown", text, hint: `Give the topic's number from the queue, for example: ${kind} 2` };
      return { kind, number };
    }
    case "next":
    case "queue":
    case "extend":
    case "actions":
    case "summary":
    case "help":
      return { kind };
    case "action":
      return parseAction(rest, text, lowerBots);
    case "daily": {
      const nextSteps = rest.replace(/^[:\-–]\s*/, "").trim();
      if (!nextSteps) return { kind: "unknown", text, hint: "Write your team's next steps after daily, for example: daily Advancing with search optimisation" };
      return { kind: "daily", nextSteps };
    }
    case "need":
      return parseNeed(rest, text);
    default:
      return { kind: "unknown", text, hint: null };
  }
}

/**
 * `action <text> [<at>Person</at> | @Team | @"Team name"] [due YYYY-MM-DD]`, parts in any order after
 * the text. A mention of the bot itself is dropped: the bot never owns an action.
 */
function parseAction(rest: string, text: string, lowerBots: readonly string[]): ChatCommand {
  const isBot = (name: string) => lowerBots.some((b) => b === name.toLowerCase() || b.replace(/\s+/g, "") === name.toLowerCase());
  let body = rest.replace(/^[:\-–]\s*/, "");
  let due: string | null = null;
  const dueMatch = /\s*\b(?:due|by)\s*:?\s*(\d{4}-\d{2}-\d{2})\b\.?/i.exec(body);
  if (dueMatch?.[1]) {
    due = dueMatch[1];
    body = body.slice(0, dueMatch.index) + " " + body.slice(dueMatch.index + dueMatch[0].length);
  }
  const mentions: string[] = [];
  body = body.replace(/<at>([^<]*)<\/at>/gi, (_all, name: string) => {
    if (!isBot(name.trim())) mentions.push(name.trim());
    return " ";
  });
  const owners: string[] = [];
  body = body.replace(/(^|\s)@"([^"]+)"/g, (_all, lead: string, name: string) => {
    owners.push(name.trim());
    return lead;
  });
  body = body.replace(/(^|\s)@([^\s@"]+)/g, (_all, lead: string, name: string) => {
    if (!isBot(name.trim())) owners.push(name.trim());
    return lead;
  });
  const actionText = body
    .replace(/\s+(for|owner:?)\s*$/i, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!actionText) return { kind: "unknown", text, hint: "Write what is to be done after action, for example: action Publish the release plan @Platform due 2026-12-01" };
  if (mentions.length === 0 && owners.length === 0) {
    return { kind: "unknown", text, hint: "Every action needs an owner: @mention a person or write @TeamName, for example: action Publish the plan @Platform" };
  }
  return { kind: "action", text: actionText, mentions, owners, due };
}

const NEED_EXAMPLE = 'need @Beta Support with product data by 2026-12-01 (quote a name with spaces: @"Team Beta")';

/** `need @Team <text> [by YYYY-MM-DD]`: the first @Team (or @"Team name", or a mention) is the team asked. */
function parseNeed(rest: string, text: string): ChatCommand {
  let body = rest.replace(/^[:\-–]\s*/, "");
  let by: string | null = null;
  const byMatch = /\s*\b(?:by|due|before)\s*:?\s*(\d{4}-\d{2}-\d{2})\b\.?/i.exec(body);
  if (byMatch?.[1]) {
    by = byMatch[1];
    body = (body.slice(0, byMatch.index) + " " + body.slice(byMatch.index + byMatch[0].length)).replace(/\s+/g, " ").trim();
  }
  const team = /(^|\s)(?:@"([^"]+)"|@([^\s@"]+)|<at>([^<]*)<\/at>)/i.exec(body);
  if (!team) return { kind: "unknown", text, hint: `Name the team you need something from with @, for example: ${NEED_EXAMPLE}` };
  const name = (team[2] ?? team[3] ?? team[4] ?? "").trim().replace(/[:,.;]+$/, "");
  const start = team.index + (team[1]?.length ?? 0);
  const end = team.index + team[0].length;
  const needText = `${body.slice(0, start).replace(/\s+(?:from|to|of)\s*$/i, "")} ${body.slice(end).replace(/^[\s:,\-–]+/, "")}`.replace(/\s+/g, " ").trim();
  const after = body.slice(start).replace(/^@/, "").replace(/<\/?at>/gi, "").replace(/"/g, "").trim();
  if (!name) return { kind: "unknown", text, hint: `Name the team you need something from with @, for example: ${NEED_EXAMPLE}` };
  if (!needText) return { kind: "unknown", text, hint: `Say what you need from ${name} after the team, for example: ${NEED_EXAMPLE}` };
  return { kind: "need", team: name, text: needText, after, by };
}
