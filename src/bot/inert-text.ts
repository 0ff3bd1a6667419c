import { stripInvisible } from "../schemas/messages";

/**
 * User text made inert where the bot writes it. Adaptive Card TextBlocks and FactSets and the
 * bot's chat messages all render Markdown, so a topic called `[Open the board](https://…)` would
 * become a link sent by the trusted bot, `<at>Someone</at>` would try to mention someone, and a
 * leading `- ` or `1.` would start a list. Every card and message builder passes user text
 * (titles, details, takeaways, actions, team and people's names, needs, next steps, refusals that
 * quote them) through `inert`, and builds its own Markdown around it.
 *
 * Markdown punctuation gets a backslash (CommonMark shows the character itself), rather than an
 * HTML entity as in the Markdown summary (src/domain/summary.ts): Adaptive Cards do not decode
 * entities, so `&lt;` would show as typed. Line breaks become spaces: one line of a card or a
 * message never starts a heading, a quote or a list. Bidi overrides and zero-width characters are
 * removed as the shared schemas remove them from stored text, for what the bot quotes unstored
 * (a command it did not understand).
 */
export function inert(text: string): string {
  return stripInvisible(text)
    .replace(/\r\n|\r|\n/g, " ")
    .replace(/[\\`*_[\]#|~!<>&]/g, "\\$&")
    .replace(/^(\s*)([-+=])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/**
 * A mention the bot itself builds: `<at>name</at>` in the text and the entity Teams resolves it
 * by. The name may not close the tag early or open another one, so angle brackets are dropped.
 */
export function atMention(person: { id: string; name: string }): { text: string; mention: { id: string; name: string } } {
  const name = person.name.replace(/[<>]/g, "").trim() || "someone";
  return { text: `<at>${name}</at>`, mention: { id: person.id, name } };
}
