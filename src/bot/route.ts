import type { BotEndpoint, RawRoute } from "../http/raw-route";

/**
 * The bot's messaging endpoint, one more entry in the shared route table. The bot itself comes
 * with the host's dependencies (composed with the rest), so the route table never builds one.
 */
export const messagesRoute: RawRoute<{ bot?: BotEndpoint }> = {
  name: "messages",
  method: "POST",
  route: "messages",
  summary: "The Teams bot's messaging endpoint (Bot Framework activities).",
  raw: async (request, _context, deps) => {
    if (!deps.bot) return { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "The bot is not configured on this host." };
    return deps.bot.process(request);
  },
};
