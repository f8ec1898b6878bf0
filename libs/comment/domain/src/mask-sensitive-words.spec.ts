import { maskSensitiveWords } from './mask-sensitive-words';

describe('maskSensitiveWords', () => {
  const words = ['damn', 'idiot', 'stupid'];

  it('masks whole words case-insensitively, one star per character', () => {
    expect(maskSensitiveWords('Damn it', words)).toBe('**** it');
    expect(maskSensitiveWords('you IDIOT, so StUpId', words)).toBe('you *****, so ******');
    expect(maskSensitiveWords('damn damn', words)).toBe('**** ****');
  });

  it('leaves words that merely contain a sensitive word alone', () => {
    expect(maskSensitiveWords('damned idiots are stupidly idiotic', words)).toBe(
      'damned idiots are stupidly idiotic',
    );
    expect(maskSensitiveWords('damn_it damn2 2damn', words)).toBe('damn_it damn2 2damn');
  });

  it('treats punctuation, quotes and line breaks as boundaries', () => {
    expect(maskSensitiveWords('"damn!" (idiot)\nstupid.', words)).toBe('"****!" (*****)\n******.');
    expect(maskSensitiveWords('idiot-proof, damn…', words)).toBe('*****-proof, ****…');
  });

  it('uses Unicode letters for word boundaries, not ASCII \\b', () => {
    // "é" and "ü" are letters: these are other words.
    expect(maskSensitiveWords('damné idiotü', words)).toBe('damné idiotü');
    // Non-Latin words, matched case-insensitively and only whole.
    expect(maskSensitiveWords('Ты ДУРАК, дураки', ['дурак'])).toBe('Ты *****, дураки');
    expect(maskSensitiveWords('ça CAFÉ café-crème cafés', ['café'])).toBe(
      'ça **** ****-crème cafés',
    );
  });

  it('matches composed and decomposed accents alike (NFC)', () => {
    const decomposed = 'cafe\u0301'; // "café" as e + combining acute accent
    expect(maskSensitiveWords(`un ${decomposed}`, ['café'])).toBe('un ****');
    expect(maskSensitiveWords('un café', [decomposed])).toBe('un ****');
  });

  it('matches words holding regex metacharacters literally', () => {
    expect(maskSensitiveWords('I love c++ and f$ck (a.b)', ['c++', 'f$ck', 'a.b'])).toBe(
      'I love *** and **** (***)',
    );
    // "." is not "any character", and "[" cannot break the pattern.
    expect(maskSensitiveWords('axb', ['a.b'])).toBe('axb');
    expect(maskSensitiveWords('see [x] and x', ['[x]', 'a|x'])).toBe('see *** and x');
  });

  it('masks multi-word entries across any whitespace, longest entry first', () => {
    expect(maskSensitiveWords('oh damn  it, damn', ['damn', 'damn it'])).toBe('oh ********, ****');
  });

  it('ignores blank and duplicate entries and leaves clean text as it is', () => {
    expect(maskSensitiveWords('Hello, world', [])).toBe('Hello, world');
    expect(maskSensitiveWords('Hello, damn world', ['', '  ', 'DAMN', 'damn'])).toBe(
      'Hello, **** world',
    );
  });

  it('follows a replaced list (no stale compiled pattern)', () => {
    expect(maskSensitiveWords('bad good', ['bad'])).toBe('*** good');
    expect(maskSensitiveWords('bad good', ['good'])).toBe('bad ****');
  });
});
