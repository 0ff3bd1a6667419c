/**
 * Text a hostile or careless person types, for the injection tests of the bot, the summaries and
 * the panel: a Markdown link and image, HTML, a typed <at> mention, a heading, a table cell, a
 * bidi override and a zero-width space. It must come out as the literal text everywhere.
 */

export const LINK = "[Open the board](https://evil.example/phish)";
export const HOSTILE = `${LINK} ![pixel](https://evil.example/t.png) <img src=x onerror=alert(1)> <at>Alice</at> \u202Etxt.exe\u200B # not a heading | cell`;
/** HOSTILE as a reader must see it: every character as typed, the invisible ones gone. */
export const HOSTILE_SHOWN = `${LINK} ![pixel](https://evil.example/t.png) <img src=x onerror=alert(1)> <at>Alice</at> txt.exe # not a heading | cell`;
/** Fields with short limits: a team's name (60). */
export const TEAM_GREEN = "Green [Go](https://evil.example/g) <b>\u202Ex</b>";
export const TEAM_BLUE = "Blue <at>Alice</at> \u200B**loud**";

/** CommonMark's backslash escapes: `\[` shows `[` and starts nothing. */
const ESCAPED = /\\[!-/:-@[-`{-~]/g;
export const unescape = (s: string) => s.replace(ESCAPED, (m) => m.slice(1));

/** What in a text a Markdown renderer would turn into markup, once escaped characters are set aside. */
export function markup(text: string, own: readonly string[] = []): string[] {
  let live = text.replace(ESCAPED, "\uE000");
  for (const m of own) live = live.split(m).join("");
  const found: string[] = [];
  if (/\[[^\]]*\]\(/.test(live)) found.push("link");
  if (/!\[/.test(live)) found.push("image");
  if (/<[a-z/!]/i.test(live)) found.push("html or <at>");
  if (/^\s*#/m.test(live)) found.push("heading");
  if (/[\u202A-\u202E\u2066-\u2069\u200B\u200C\u2060\uFEFF]/.test(text)) found.push("bidi or zero-width");
  return found;
}

