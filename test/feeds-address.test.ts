import { describe, expect, it } from 'vitest';
import { refusedAddress } from '../src/feeds/address-check';

/** The address rule a feed meets when it is added: only public addresses, as polling enforces. */

const REFUSED = [
  { url: 'http://169.254.169.254/latest/meta-data/', says: '169.254.169.254 is a link-local address' },
  { url: 'http://[fe80::1]/feed.xml', says: 'fe80::1 is a link-local address' },
  { url: 'http://127.0.0.1:8080/rss', says: '127.0.0.1 is a loopback address' },
  { url: 'http://[::1]/rss', says: '::1 is a loopback address' },
  { url: 'http://localhost/rss', says: 'localhost (127.0.0.1) is a loopback address' },
  { url: 'https://10.1.2.3/atom', says: '10.1.2.3 is a private address' },
  { url: 'https://192.168.0.10/atom', says: '192.168.0.10 is a private address' },
  { url: 'http://[fd00::5]/rss', says: 'fd00::5 is a private (unique local) address' },
  { url: 'http://0.0.0.0/rss', says: '0.0.0.0 is an unspecified address' },
];

describe('a feed address checked when it is added', () => {
  it.each(REFUSED)('refuses $url: "$says"', async ({ url, says }) => {
    const reason = await refusedAddress(url, false);
    expect(reason).toContain(says);
    expect(reason).toContain('FEEDS_ALLOW_PRIVATE is off');
  });

  it.each(['https://93.184.215.14/rss.xml', 'https://[2606:4700::1111]/feed'])(
    'lets the public %s through',
    async (url) => {
      expect(await refusedAddress(url, false)).toBeNull();
    },
  );

  it('lets every address through with FEEDS_ALLOW_PRIVATE on, as the tests run their feed server on 127.0.0.1', async () => {
    for (const { url } of REFUSED) expect(await refusedAddress(url, true)).toBeNull();
  });
});
