// The one way a test makes its data its own: a fresh id in every name, slug and email it writes.

/** Lower-case letters and digits, unique per call (the time, then randomness for tests started together). */
export function uniqueId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** The same, in letters only, for words that must survive search's tokenizer and stemmer whole. */
export function uniqueLetters(): string {
  return uniqueId().replace(/\d/g, (d) => "abcdefghij"[Number(d)]);
}
