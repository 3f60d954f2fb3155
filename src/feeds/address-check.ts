import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * The fetch rule on addresses (request-filtering-agent's: only public unicast addresses), checked
 * when a feed is added, so a loopback, private or link-local feed is refused at once with a reason
 * rather than failing at every poll. Polling still checks the address each connection resolves to:
 * a name can point elsewhere later.
 */

export const ADDRESS_CHECK = {
  /** A name that does not resolve within this is let through to the poll's own check: /feeds add must answer within Discord's 3 s. */
  lookupLimitMs: 1500,
} as const;

/** Words for the address ranges ipaddr.js names. */
const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback',
  linkLocal: 'a link-local',
  private: 'a private',
  uniqueLocal: 'a private (unique local)',
  unspecified: 'an unspecified',
  carrierGradeNat: 'a carrier-grade NAT',
  broadcast: 'a broadcast',
  multicast: 'a multicast',
  reserved: 'a reserved',
};

/** Why the address may not be fetched, or null when it may (or its name does not resolve now). */
export async function refusedAddress(url: string, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = ipaddr.isValid(host) ? [host] : await resolve(host);
  for (const address of addresses) {
    const range = ipaddr.process(address).range();
    if (range !== 'unicast') {
      const what = RANGE_WORDS[range] ?? `a non-public (${range})`;
      const where = address === host ? host : `${host} (${address})`;
      return `${where} is ${what} address; feeds are fetched only from public addresses (FEEDS_ALLOW_PRIVATE is off)`;
    }
  }
  return null;
}

async function resolve(host: string): Promise<string[]> {
  const timer = new Promise<string[]>((done) => setTimeout(() => done([]), ADDRESS_CHECK.lookupLimitMs).unref());
  const found = lookup(host, { all: true }).then(
    (results) => results.map((result) => result.address),
    // Not resolvable now (offline, a typo): the poll reports it with its own message.
    () => [],
  );
  return Promise.race([found, timer]);
}
