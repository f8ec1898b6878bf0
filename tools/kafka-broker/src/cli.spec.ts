import { HELP, parseCliArgs } from './cli';

describe('CLI arguments', () => {
  it('maps flags to broker options', () => {
    const parsed = parseCliArgs([
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--data',
      '.data/kafka',
      '--partitions',
      '3',
      '--retention-ms',
      '60000',
      '--no-fsync',
    ]);
    expect(parsed?.options).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      dataDir: '.data/kafka',
      defaultPartitions: 3,
      fsync: false,
      retention: { ms: 60000, bytes: undefined },
    });
  });

  it('defaults to port 9092 in memory, and returns null for --help', () => {
    expect(parseCliArgs([])?.options).toMatchObject({
      port: 9092,
      dataDir: undefined,
      fsync: true,
    });
    expect(parseCliArgs(['--help'])).toBeNull();
    expect(parseCliArgs(['-h'])).toBeNull();
    expect(HELP).toMatch(/--partitions/);
  });

  it('rejects unknown flags and non-integers', () => {
    expect(() => parseCliArgs(['--bogus'])).toThrow();
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(/integer/);
  });
});
