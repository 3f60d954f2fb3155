import { describe, expect, it } from 'vitest';
import { readFeedDocument } from '../src/feeds/feed-items';
import { FeedParseError, parseFeedDocument } from '../src/feeds/parse';
import { rss } from './support/feed-server';

/** Reading a feed document: broken XML, what the library's per-item fallbacks give, and what a poll takes. */

const HEAD =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>Cut Off News</title>' +
  '<item><title>The one whole item</title><link>http://news.example/one</link></item>';

const BREAKS = [
  { where: 'inside a tag', tail: '<item><title>Half</title><li' },
  { where: 'inside an opening tag', tail: '<ite' },
  { where: 'inside an attribute value', tail: '<item><link href="http://news.example/tw' },
  { where: 'in an unclosed CDATA section', tail: '<item><description><![CDATA[<p>The text stops' },
  { where: 'in an unclosed comment', tail: '<!-- the feed ends here' },
  { where: 'inside a text', tail: '<item><title>Half an ite' },
];

describe('a feed document that breaks', () => {
  it.each(BREAKS)('keeps the complete item before a break $where', ({ tail }) => {
    expect(parseFeedDocument(HEAD + tail, 'http://news.example/rss').items.map((i) => i.title)).toEqual([
      'The one whole item',
    ]);
  });

  it('keeps every complete item when the break is in the third', () => {
    const xml = `${HEAD}<item><title>The second</title><link>http://news.example/two</link></item><item><title>Thi`;
    expect(parseFeedDocument(`${xml}<li`, 'http://news.example/rss').items.map((i) => i.title)).toEqual([
      'The one whole item',
      'The second',
    ]);
  });

  it('still refuses a document with no feed in it', () => {
    expect(() => parseFeedDocument('<html><body><h1>502 Bad Gateway</h1></body></html>', 'http://x.example/')).toThrow(
      FeedParseError,
    );
  });
});

describe('what feed-parser reads from the feed for an item', () => {
  it("resolves a relative item link against the feed's own link, and takes the feed's editor as an item's author", () => {
    const xml =
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Relative</title><link>https://site.example/news/</link>' +
      '<managingEditor>desk@site.example (Dana Desk)</managingEditor>' +
      '<item><title>A</title><link>story/1</link></item><item><title>B</title><link>/story/2</link><author>bo@site.example (Bo Byline)</author></item>' +
      '</channel></rss>';
    const { items } = parseFeedDocument(xml, 'https://cdn.example/feed.xml');
    expect(items.map((i) => [i.url, i.author])).toEqual([
      ['https://site.example/news/story/1', 'Dana Desk'],
      ['https://site.example/story/2', 'Bo Byline'],
    ]);
  });
});

describe('the items a poll takes from a document', () => {
  const items = Array.from({ length: 5 }, (_, i) => ({ title: `Story ${i}`, link: `http://news.example/${i}` }));
  const request = (seen: Record<string, string>, limit: number) => ({
    xml: rss('Wire', items),
    baseUrl: 'http://news.example/rss',
    seen,
    limit,
  });

  it('takes at most the limit of new items, newest first, and counts the rest as left', () => {
    const document = readFeedDocument(request({}, 2));
    expect(document.items.map((i) => i.title)).toEqual(['Story 0', 'Story 1']);
    expect(document).toMatchObject({ unchanged: 0, left: 3 });
  });

  it('skips items handled before and forgets items gone from the feed', () => {
    const first = readFeedDocument(request({}, 5));
    const handled = Object.fromEntries(first.items.slice(0, 2).map((i) => [i.key, i.print]));
    const document = readFeedDocument(request({ ...handled, 'http://news.example/gone': 'abc' }, 2));
    expect(document.items.map((i) => i.title)).toEqual(['Story 2', 'Story 3']);
    expect(document).toMatchObject({ unchanged: 2, left: 1, seen: handled });
  });
});
