/**
 * The chat commands the bot understands, and the help that lists them. The manifest's command
 * list is checked against this list by tests/package, so a command exists in both places or in
 * neither.
 */
export const BOT_COMMANDS = [
  { title: "add", description: "Add a topic: add [title]" },
  { title: "queue", description: "Show the topic queue with a voting card" },
  { title: "vote", description: "Vote for a topic: vote [topic number]" },
  { title: "unvote", description: "Take a vote back: unvote [topic number]" },
  { title: "next", description: "Facilitator: discuss the top topic" },
  { title: "extend", description: "Facilitator: extend the timebox" },
  { title: "action", description: "Add an action: action [text] @owner, optionally due YYYY-MM-DD" },
  { title: "actions", description: "List the board's open actions" },
  { title: "summary", description: "Show the session summary" },
  { title: "daily", description: "Post your team's next steps: daily [next steps]" },
  { title: "need", description: "Ask a team for something: need @Team [text], optionally by YYYY-MM-DD" },
  { title: "help", description: "What the bot can do" },
] as const;

export type BotCommandName = (typeof BOT_COMMANDS)[number]["title"];

/** The help message: every command with how to say it, after a hint about what went wrong. */
export function helpText(hint?: string | null): string {
  const lines = BOT_COMMANDS.map((c) => `- **${c.title}** — ${c.description}`);
  return [hint ? `${hint}\n` : "Here is what I understand:", ...lines].join("\n");
}
