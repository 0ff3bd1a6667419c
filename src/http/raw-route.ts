import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";

/**
 * The HTTP shapes both the route table (`functions/`) and the bot (`bot/`) name: a method, a route
 * that brings its own handler, and the bot endpoint a host's dependencies carry. It sits below
 * both folders so that neither has to import the other to name them.
 */

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Not every route is an authenticated board route (health, the bot): those bring their own handler. */
export interface RawRoute<Deps> {
  name: string;
  method: Method;
  route: string;
  summary: string;
  /** Only the board's members may use it (see `Route.member`). */
  member?: boolean;
  raw(request: HttpRequest, context: InvocationContext, deps: Deps): Promise<HttpResponseInit>;
}

/** Where the route table hands a Bot Framework activity: the bot the host composed. */
export interface BotEndpoint {
  process(request: HttpRequest): Promise<HttpResponseInit>;
}
