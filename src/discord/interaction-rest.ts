import { REST, RESTEvents, type InternalRequest, type RESTOptions } from 'discord.js';

/**
 * Discord holds a bot to 50 requests a second across all its routes, except interaction endpoints:
 * the first response and everything sent afterwards through the interaction's webhook (the deferred
 * answer's edit, follow-ups) are not bound by that global limit. @discordjs/rest exempts only the
 * first response (the callback route); every webhook edit still waits for the global limit, so one
 * process could never deliver more than 50 answers a second, however many cores it had.
 *
 * The interaction webhook calls (sent without the bot's token, to /webhooks/{application}/{token})
 * therefore go through a REST manager of their own, without the global limit. Each interaction
 * still has its own bucket there, kept from the headers Discord sends, as before; a 429 is still
 * honoured. Everything else (threads, channel posts, the owner lookup) stays under the global limit.
 */

/** `/webhooks/{id}/{token}…` called without the bot's token: the interaction's (or any) webhook. */
const INTERACTION_WEBHOOK = /^\/webhooks\/\d{17,20}\/[^/]+/;

export function isInteractionWebhook(request: Pick<InternalRequest, 'fullRoute' | 'auth'>): boolean {
  return request.auth === false && INTERACTION_WEBHOOK.test(request.fullRoute);
}

/** Sends `rest`'s interaction webhook calls through a manager free of the bot-global limit. */
export function exemptInteractionWebhooks(rest: REST, options: Partial<RESTOptions> = {}): REST {
  const webhooks = new REST({ ...options, globalRequestsPerSecond: Number.POSITIVE_INFINITY });
  // Whoever listens to the bot's REST manager (rate limits, invalid requests) hears of these calls too.
  webhooks.on(RESTEvents.RateLimited, (data) => rest.emit(RESTEvents.RateLimited, data));
  webhooks.on(RESTEvents.InvalidRequestWarning, (data) => rest.emit(RESTEvents.InvalidRequestWarning, data));
  const queue = rest.queueRequest.bind(rest);
  rest.queueRequest = (request) => (isInteractionWebhook(request) ? webhooks.queueRequest(request) : queue(request));
  return webhooks;
}
