import robotsParser from 'robots-parser';

/** robots.txt per origin, fetched once per `ttlMs` and shared by every poll of the process. */
export interface RobotsRules {
  allowed(url: URL): Promise<boolean>;
  /** The Crawl-delay the host asks of us, once its robots.txt has been read. */
  crawlDelayMs(host: string): number | undefined;
}

type Robot = ReturnType<typeof robotsParser>;
type FetchRobots = (url: URL) => Promise<{ status: number; body: string }>;

const TTL_MS = 60 * 60_000;

export function createRobotsRules(userAgent: string, fetchRobots: FetchRobots, ttlMs = TTL_MS): RobotsRules {
  const byOrigin = new Map<string, { robot: Promise<Robot>; at: number }>();
  const settled = new Map<string, Robot>();
  const agentToken = userAgent.split(/[\s/]/)[0] ?? userAgent;

  const load = async (origin: string): Promise<Robot> => {
    const robotsUrl = new URL('/robots.txt', origin);
    // A failure to fetch it (refused address, timeout) is the failure of the request it guards.
    const response = await fetchRobots(robotsUrl);
    // No robots.txt (4xx) means no rules; a server error means "come back later" (RFC 9309).
    const text = response.status >= 500 ? 'User-agent: *\nDisallow: /' : response.status === 200 ? response.body : '';
    const robot = robotsParser(robotsUrl.href, text);
    settled.set(robotsUrl.host, robot);
    return robot;
  };

  return {
    async allowed(url) {
      const now = Date.now();
      let entry = byOrigin.get(url.origin);
      if (!entry || now - entry.at > ttlMs) {
        entry = { robot: load(url.origin), at: now };
        byOrigin.set(url.origin, entry);
        // A failed read is not cached: the next request tries again.
        entry.robot.catch(() => byOrigin.delete(url.origin));
      }
      const robot = await entry.robot;
      return robot.isAllowed(url.href, agentToken) !== false;
    },
    crawlDelayMs(host) {
      const seconds = settled.get(host)?.getCrawlDelay();
      return seconds === undefined ? undefined : seconds * 1000;
    },
  };
}
