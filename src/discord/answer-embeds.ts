import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { Answer } from '../answer/types';
import type { SourceSummary } from '../index/types';
import { numberSources, shortAnswer, type MergedSource } from './answer-sources';
import { answerButtonId } from './custom-ids';
import { inertText, visibleText } from './inert-text';
import { LIMITS, linkableUrl, totalEmbedLength, trimText } from './limits';
import { countOf as plural } from './plural';
import { discordTime } from './timestamps';
import { disagreementLines } from './disagreement-lines';
import { withoutDisagreementText } from '../answer/disagreement-answer';

const ANSWER_COLOR = 0x2b6cb0;
const ABSTAIN_COLOR = 0x8a8f98;
const WRITING_COLOR = 0x6b7280;
/** Kept free in the 6,000 budget so rounding can never push a message over. */
const SLACK = 40;
/** The answer always keeps at least this much room, however many sources there are. */
const MIN_ANSWER_ROOM = 1_500;
/** Quote lengths tried per source, longest first, before a source is left out. */
const QUOTE_LENGTHS = [300, 120, 0] as const;
const MAX_LINK_BUTTONS = 5;
const BUTTON_LABEL_MAX = 80;

const ABSTAIN_TEXT = "I couldn't find an answer to that in the indexed articles.";

/** What the footer of a declined answer says the bot does know. */
export interface IndexFacts {
  articles: number;
  outlets: number;
  earliest?: string | null;
  latest: string | null;
}

export function indexFacts(sources: SourceSummary[]): IndexFacts {
  const latest = sources.reduce<string | null>(
    (max, s) => (s.latest && (!max || s.latest > max) ? s.latest : max),
    null,
  );
  const earliest = sources.reduce<string | null>(
    (min, s) => (s.earliest && (!min || s.earliest < min) ? s.earliest : min),
    null,
  );
  return { articles: sources.reduce((sum, s) => sum + s.articles, 0), outlets: sources.length, earliest, latest };
}

export interface AnswerMessageOptions {
  /** The engine's one-line answer; the first sentence stands in while the engine gives none. */
  short?: string | null;
  /** Chat model named in the footer of an LLM answer. */
  model: string;
  index: IndexFacts;
  /** Stored answer id the vote and follow-up buttons carry; null sends no such buttons. */
  answerId: string | null;
  /** Whether to offer "Follow up" (only where a thread can be started: public answers). */
  followUp: boolean;
}

export interface AnswerMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}

/** The footer in plain words: how the answer was made, or for a decline what the index holds. */
export function answerFooter(
  answer: Answer,
  articles: number,
  corroborating: number,
  options: Pick<AnswerMessageOptions, 'model' | 'index'>,
): string {
  let text: string;
  if (answer.abstained && answer.citations.length > 0) {
    // Not sure of any short answer: the closest passage is shown, and the article does exist.
    text = 'Not sure of an answer: the closest passage is quoted for you to judge';
  } else if (answer.abstained) {
    // The latest date goes in the description: a footer cannot show a Discord timestamp.
    const { index } = options;
    text = `No article in the index says this; ${plural(index.articles, 'article')} from ${plural(index.outlets, 'outlet')}`;
  } else if (answer.mode === 'llm') {
    text = `Written by ${options.model} and checked against the sources`;
  } else {
    text = `From ${plural(articles, 'article')}${corroborating > 1 ? ` · ${corroborating} outlets say the same` : ''}`;
  }
  if (answer.searchedFor) text += ` · Searched for: ${answer.searchedFor}`;
  if (answer.note) text += ` · ${answer.note}`;
  return trimText(visibleText(text), LIMITS.footer);
}

/** Member and article text on one line, shown literally (issue 9's inertText). */
const inert = (text: string) => inertText(text, { oneLine: true });

/** Like `inert`, but a piece between two markers keeps the single space at either end. */
function inertPiece(piece: string): string {
  const body = inert(piece);
  if (body === '') return /\s/.test(piece) ? ' ' : '';
  return `${/^\s/.test(piece) ? ' ' : ''}${body}${/\s$/.test(piece) ? ' ' : ''}`;
}

/** `[n]` markers become links to their article; the text between them is made inert. */
function linkedAnswerText(text: string, sources: MergedSource[]): string {
  return text
    .split(/(\[\d+\])/)
    .map((piece) => {
      const marker = /^\[(\d+)\]$/.exec(piece);
      if (!marker) return inertPiece(piece);
      const url = linkableUrl(sources[Number(marker[1]) - 1]?.url ?? null);
      return url ? `[${piece}](${url})` : piece;
    })
    .join('');
}

/**
 * A quote within the bot's “…” marks: its own double quotes become single ones, as a quote inside
 * a quote is written, so “…“a line.”” reads “…‘a line.’”.
 */
export function quoted(text: string): string {
  const inner = text
    .replace(/[“„]/g, '‘')
    .replace(/”/g, '’')
    .replace(/"(?=\S)/g, '‘')
    .replace(/"/g, '’');
  return `“${inner}”`;
}

function sourceField(source: MergedSource, quoteLength: number): APIEmbedField {
  const name = trimText(`[${source.n}] ${inert(source.outlet)}`, LIMITS.fieldName);
  // In the value, not the name: a field name does not render a Discord timestamp.
  const when = source.published ? discordTime(source.published, 'D') : null;
  const date = when ? ` · ${when}` : '';
  const url = linkableUrl(source.url);
  const title = inert(source.title);
  const linked = url ? `[${title}](${url})` : title;
  // A link cannot be cut in half, so an overlong title loses its link before it loses words.
  const head = (linked.length <= LIMITS.fieldValue - 40 ? linked : trimText(title, LIMITS.fieldValue - 40)) + date;
  const room = Math.min(quoteLength, LIMITS.fieldValue - head.length - 4);
  const quotes = room > 20 ? trimText(inert(source.quotes.map(quoted).join(' ')), room) : '';
  return { name, value: quotes ? `${head}\n> ${quotes}` : head, inline: false };
}

const fieldLength = (f: APIEmbedField) => f.name.length + f.value.length;

/** One field per source within `budget` characters, quotes shortened first, then "…and N more". */
function sourceFields(sources: MergedSource[], budget: number): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let used = 0;
  const more = (left: number): APIEmbedField => ({
    name: '…',
    value: `and ${plural(left, 'more source')}`,
    inline: false,
  });
  for (const [i, source] of sources.entries()) {
    const left = sources.length - i - 1;
    const reserve = left > 0 ? fieldLength(more(left)) : 0;
    const field = QUOTE_LENGTHS.map((q) => sourceField(source, q)).find(
      (f) => used + fieldLength(f) + reserve <= budget && fields.length + (left > 0 ? 2 : 1) <= LIMITS.fields,
    );
    if (!field) {
      fields.push(more(sources.length - i));
      break;
    }
    fields.push(field);
    used += fieldLength(field);
  }
  return fields;
}

function answerButtons(sources: MergedSource[], options: AnswerMessageOptions): AnswerMessage['components'] {
  const rows: AnswerMessage['components'] = [];
  const linked = sources.filter((s) => linkableUrl(s.url)).slice(0, MAX_LINK_BUTTONS);
  const outletCount = new Map<string, number>();
  for (const s of linked) outletCount.set(s.outlet, (outletCount.get(s.outlet) ?? 0) + 1);
  if (linked.length > 0) {
    rows.push({
      type: ComponentType.ActionRow,
      components: linked.map((s) => ({
        type: ComponentType.Button,
        style: ButtonStyle.Link,
        // Button labels show no markdown; only length and white space need care.
        label: trimText(
          `Read on ${visibleText(s.outlet)}${(outletCount.get(s.outlet) ?? 0) > 1 ? ` [${s.n}]` : ''}`,
          BUTTON_LABEL_MAX,
        ),
        url: linkableUrl(s.url) ?? '',
      })),
    });
  }
  if (options.answerId) {
    const id = options.answerId;
    const actions: APIButtonComponent[] = [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        emoji: { name: '👍' },
        custom_id: answerButtonId('up', id),
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        emoji: { name: '👎' },
        custom_id: answerButtonId('down', id),
      },
    ];
    if (options.followUp) {
      actions.push({
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: 'Follow up',
        custom_id: answerButtonId('follow', id),
      });
    }
    rows.push({ type: ComponentType.ActionRow, components: actions });
  }
  return rows;
}

export function questionTitle(question: string): string {
  return trimText(inert(question).trim() || 'Question', LIMITS.title);
}

/**
 * The reply to a question: the short answer in bold, then the answer with linked `[n]` markers;
 * one field per cited article (outlet, date, linked title, supporting quote); a plain-words
 * footer; "Read on <outlet>" link buttons and, for a stored answer, 👍 👎 and Follow up.
 * Always within Discord's limits: quotes shorten first, then sources give way to
 * "…and N more sources", then the answer is cut at a word with "…".
 */
export function answerMessage(answer: Answer, options: AnswerMessageOptions): AnswerMessage {
  const title = questionTitle(answer.question);
  // Outlets that disagree get lines of their own below the answer, with Discord timestamps.
  const { disagreement } = answer;
  const body = { ...answer, answer: withoutDisagreementText(answer.answer, disagreement) };
  const { text, sources, corroboratingOutlets } = numberSources(body);
  const footer = answerFooter(answer, sources.length, corroboratingOutlets, options);
  // Not sure of a short answer, the engine still cites the closest passage: it is shown with its
  // source, unbolded, so the reader can judge it. A plain decline cites nothing.
  const unsure = answer.abstained && answer.citations.length > 0;
  const components = answerButtons(answer.abstained && !unsure ? [] : sources, options);
  const budget = LIMITS.embedTotal - title.length - footer.length - SLACK;

  if (answer.abstained && !unsure) {
    // A decline may quote the question back: it is shown literally, like any text the bot did not write.
    const latest = options.index.latest ? discordTime(options.index.latest, 'D') : null;
    const facts = latest ? `\n\nThe newest article in the index is from ${latest}.` : '';
    const description =
      trimText(inertAnswer(answer.answer) || ABSTAIN_TEXT, Math.min(LIMITS.description, budget) - facts.length) + facts;
    return { embeds: [{ title, description, color: ABSTAIN_COLOR, footer: { text: footer } }], components };
  }

  const described =
    (unsure ? linkedAnswerText(text.trim(), sources) : answerDescription(text.trim(), sources, options.short)) || '​';
  const full = disagreement ? `${described}\n\n${disagreementLines(disagreement, sources)}` : described;
  const fields = sourceFields(sources, budget - Math.min(full.length, MIN_ANSWER_ROOM));
  const room = Math.min(LIMITS.description, budget - fields.reduce((sum, f) => sum + fieldLength(f), 0));
  const color = unsure ? ABSTAIN_COLOR : ANSWER_COLOR;
  const embed: APIEmbed = { title, description: trimLinked(full, room), color, footer: { text: footer } };
  if (fields.length > 0) embed.fields = fields;
  // The budget above makes this unreachable; if it ever is not, a shorter answer beats a failed reply.
  if (totalEmbedLength([embed]) > LIMITS.embedTotal) {
    return {
      embeds: [
        {
          title,
          description: trimText(inert(text), LIMITS.description - title.length - footer.length),
          color: ANSWER_COLOR,
          footer: { text: footer },
        },
      ],
      components,
    };
  }
  return { embeds: [embed], components };
}

/**
 * The short answer in bold first, then the answer. Without a short answer from the engine the
 * first sentence stands in; when the answer begins with it (extractive answers lead with it), it
 * is bolded in place rather than said twice.
 */
function answerDescription(text: string, sources: MergedSource[], given: string | null | undefined): string {
  const short = shortAnswer(text, given);
  if (!short) return linkedAnswerText(text, sources);
  if (text.startsWith(short)) {
    return `**${inert(short)}**${linkedAnswerText(text.slice(short.length), sources)}`;
  }
  return `**${inert(short)}**\n\n${linkedAnswerText(text, sources)}`;
}

/** Cuts like trimText, but never inside a `[n](url)` marker link. */
function trimLinked(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = trimText(text, max);
  const open = cut.lastIndexOf('[[');
  if (open !== -1 && !cut.slice(open).includes(')')) cut = `${cut.slice(0, open).trimEnd()}…`;
  return cut;
}

/**
 * Text shown literally, but with the engine's `[n]` citation markers left unescaped so the raw
 * message stays readable; a marker cannot start a link, since every `(` after it is escaped.
 */
function inertAnswer(text: string): string {
  return inertText(text).replace(/\\\[(\d{1,2})\\\]/g, '[$1]');
}

/** The growing answer while an LLM streams it: only sentences that already passed verification. */
export function partialAnswerEmbeds(question: string, text: string): APIEmbed[] {
  return [
    {
      title: questionTitle(question),
      description: trimText(inertAnswer(text) || '…', LIMITS.description),
      color: WRITING_COLOR,
      footer: { text: 'writing…' },
    },
  ];
}
