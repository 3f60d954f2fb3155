/**
 * Keeps secrets out of log lines. The configured secrets are replaced wherever they appear, and
 * so is anything shaped like an API key or token, since a remote server's error can echo part of
 * a key ("Incorrect API key provided: sk-FAKE...9876") that no exact match would catch.
 */

export const REDACTED = '[redacted]';

/** Longest text from a remote server (an error body or message) that goes into a log line. */
export const MAX_REMOTE_TEXT = 300;

const TOKEN_SHAPES: RegExp[] = [
  // OpenAI-style keys, whole or echoed in part: sk-…, sk-proj-…, "sk-FAKE...9876", "sk-abc***xyz".
  /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{2,}(?:(?:\.{3}|…|\*{2,})[A-Za-z0-9_-]*)?/g,
  // Hugging Face, GitHub, GitLab, Slack, Stripe-like and AWS access keys; Google API keys.
  /\b(?:hf_|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|AKIA|ASIA)[A-Za-z0-9_-]{8,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  // Discord bot tokens and JWTs: three base64url parts joined by dots.
  /\b[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,}\b/g,
  // "Bearer …", "Bot …" authorization values.
  /\b(Bearer|Bot|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g,
  // key=value / "key": "value" pairs whose name says secret.
  /\b((?:api[_-]?key|access[_-]?token|auth[_-]?token|token|secret|password|passwd|authorization)["']?\s*[:=]\s*["']?)[^\s"',;}&]{4,}/gi,
];

/** A long mixed-case run of letters and digits: how a random token looks, unlike words, ids or hex hashes. */
const LONG_RANDOM = /\b[A-Za-z0-9_-]{32,}\b/g;
function looksRandom(run: string): boolean {
  return /[a-z]/.test(run) && /[A-Z]/.test(run) && /\d/.test(run);
}

export function createRedactor(secrets: readonly (string | undefined | null)[]): (text: string) => string {
  const exact = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 6)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = exact.reduce((t, s) => t.split(s).join(REDACTED), text);
    for (const shape of TOKEN_SHAPES) {
      out = out.replace(shape, (match, prefix?: unknown) =>
        typeof prefix === 'string' && prefix !== match ? `${prefix}${REDACTED}` : REDACTED,
      );
    }
    return out.replace(LONG_RANDOM, (run) => (looksRandom(run) ? REDACTED : run));
  };
}

/** A remote server's text cut to `max` characters, saying how much was left out. */
export function boundedRemoteText(text: string, max = MAX_REMOTE_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters not logged)`;
}
