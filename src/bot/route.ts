import type { RawRoute } from "../functions/http";
import { botFor } from "./runtime";

/** The bot's messaging endpoint, one more entry in the shared route table. */
export const messagesRoute: RawRoute = {
  name: "messages",
  method: "POST",
  route: "messages",
  summary: "The Teams bot's messaging endpoint (Bot Framework activities).",
  raw: async (request, _context, deps) => {
    const bot = botFor(deps);
    if (!bot) return { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "The bot is not configured on this host." };
    return bot.process(request);
  },
};
