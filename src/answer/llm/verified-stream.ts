import { splitSentences } from '../../text/sentences';
import type { NumberedSource } from './prompt';
import { verifyAnswer } from './verify';

/**
 * Turns the model's growing raw text into what may be shown while it streams: the verified text
 * of its finished sentences, never the raw tokens. The last sentence may still be growing (and its
 * citation marker may not have arrived yet), so it waits for the next sentence to start.
 * `show` is called only when the verified text changes and is not empty.
 */
export function verifiedPartials(
  sources: NumberedSource[],
  question: string,
  show: (verifiedText: string) => void,
): (rawText: string) => void {
  let finishedSeen = 0;
  let shown = '';
  return (rawText) => {
    const parts = splitSentences(rawText);
    const finished = parts.length - 1;
    const lastFinished = parts[finished - 1];
    if (finished <= finishedSeen || lastFinished === undefined) return;
    finishedSeen = finished;
    const { text } = verifyAnswer(rawText.slice(0, lastFinished.end), sources, question);
    if (text === '' || text === shown) return;
    shown = text;
    show(text);
  };
}
