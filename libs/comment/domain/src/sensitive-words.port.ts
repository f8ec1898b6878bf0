/**
 * Port: the sensitive-word list in force right now. Asked on every post rather than read once,
 * so a source that changes at run time (a config centre with hot reload) can replace the list
 * without touching the use case.
 */
export interface SensitiveWords {
  current(): string[];
}

/** A fixed list (tests, or configuration that never changes while running). */
export function fixedSensitiveWords(words: string[]): SensitiveWords {
  return { current: () => words };
}
