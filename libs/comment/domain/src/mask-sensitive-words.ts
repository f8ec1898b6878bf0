/**
 * A "word character" for whole-word matching: any Unicode letter, combining mark, digit or `_`.
 * `\b` would not do: it only knows ASCII letters, so "damn" would match inside "damné".
 */
const WORD_CHAR = String.raw`[\p{L}\p{M}\p{N}_]`;
/** Characters with a meaning in a `u`-mode pattern (the only ones it allows escaping). */
const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

// Compiled patterns by list identity: the list is the same array until its source replaces it,
// and a WeakMap lets a replaced list (and its pattern) be collected.
const patterns = new WeakMap<readonly string[], RegExp | null>();

/**
 * Masks every whole-word, case-insensitive occurrence of a sensitive word with `*`, one per
 * character (code point) of the occurrence: `"Damn it"` -> `"**** it"`.
 *
 * - Words may hold any characters, regex metacharacters included (`c++`, `f$ck`): they are
 *   matched literally. Spaces inside a word match any run of whitespace.
 * - A word counts only when no letter, mark, digit or `_` touches it on either side, so
 *   punctuation and spaces are boundaries and `damned` does not contain `damn`.
 * - Text and words are compared in Unicode NFC, so composed and decomposed accents match; the
 *   returned text is NFC.
 * - Longer words win where two overlap (`damn it` before `damn`).
 */
export function maskSensitiveWords(text: string, words: readonly string[]): string {
  const normalized = text.normalize('NFC');
  const pattern = patternFor(words);
  return pattern
    ? normalized.replace(pattern, (match) => '*'.repeat([...match].length))
    : normalized;
}

function patternFor(words: readonly string[]): RegExp | null {
  let pattern = patterns.get(words);
  if (pattern === undefined) {
    pattern = compile(words);
    patterns.set(words, pattern);
  }
  return pattern;
}

function compile(words: readonly string[]): RegExp | null {
  const unique = new Map<string, string>();
  for (const word of words) {
    const clean = word.normalize('NFC').trim();
    if (clean) unique.set(clean.toLowerCase(), clean);
  }
  if (unique.size === 0) return null;
  const alternatives = [...unique.values()]
    .sort((a, b) => b.length - a.length)
    .map((word) =>
      word
        .split(/\s+/)
        .map((part) => part.replace(SYNTAX, '\\$&'))
        .join(String.raw`\s+`),
    );
  return new RegExp(`(?<!${WORD_CHAR})(?:${alternatives.join('|')})(?!${WORD_CHAR})`, 'giu');
}
