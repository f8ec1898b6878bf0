import { describe, expect, it } from 'vitest';
import { parseScale } from './scale-option';

describe('parseScale', () => {
  it('reads every accepted spelling', () => {
    expect(parseScale(['--scale', 'video=2'])).toEqual({ video: 2 });
    expect(parseScale(['--scale=video=2,like=3'])).toEqual({ video: 2, like: 3 });
    expect(parseScale(['--no-seed', '--scale', 'video=2', '--scale', 'gateway=2'])).toEqual({
      video: 2,
      gateway: 2,
    });
    expect(parseScale(['--no-seed'])).toEqual({});
  });

  it('refuses unknown services, bad counts and a missing value with a usage message', () => {
    expect(() => parseScale(['--scale', 'vidoe=2'])).toThrow(/unknown service "vidoe"/);
    expect(() => parseScale(['--scale', 'video=0'])).toThrow(/integer from 1 to 9/);
    expect(() => parseScale(['--scale', 'video=two'])).toThrow(/integer from 1 to 9/);
    expect(() => parseScale(['--scale'])).toThrow(/needs <service>=<count>/);
  });
});
