import { parseArgs } from 'node:util';
import type { BrokerLogger, BrokerOptions } from './options';
import { startBroker } from './server';

/** Usage text of the CLI. */
export const HELP = `Usage: newsreel-kafka [options]

Runs an embedded single-node Kafka broker (Kafka wire protocol, for kafkajs / NestJS).

Options:
  --port <n>              TCP port (0 = any free port)            [default: 9092]
  --host <addr>           interface to listen on                  [default: 127.0.0.1]
  --advertised-host <h>   host name given to clients              [default: --host]
  --data <dir>            keep the log and offsets in <dir>       [default: in memory]
  --partitions <n>        partitions of auto-created topics       [default: 1]
  --retention-ms <n>      delete data older than this (-1 = never) [default: 7 days]
  --retention-bytes <n>   max bytes per partition (-1 = no limit)
  --no-fsync              do not fsync before acknowledging writes
  --verbose               log info messages (connections, groups, topics)
  -h, --help              show this help

Prints one line "kafka-broker listening on <host>:<port> ..." when ready; stops on SIGINT/SIGTERM.
`;

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer, got "${value}"`);
  return n;
}

function consoleLogger(verbose: boolean): BrokerLogger {
  const line = (level: string, msg: string, meta?: object): string =>
    `${new Date().toISOString()} ${level} ${msg}${meta ? ` ${JSON.stringify(meta)}` : ''}`;
  return {
    info: (msg, meta) => {
      if (verbose) console.error(line('INFO', msg, meta));
    },
    warn: (msg, meta) => console.error(line('WARN', msg, meta)),
    error: (msg, meta) => console.error(line('ERROR', msg, meta)),
  };
}

/** Parses CLI arguments into broker options (null when help was requested). */
export function parseCliArgs(argv: string[]): { options: BrokerOptions; verbose: boolean } | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'advertised-host': { type: 'string' },
      data: { type: 'string' },
      partitions: { type: 'string' },
      'retention-ms': { type: 'string' },
      'retention-bytes': { type: 'string' },
      'no-fsync': { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const verbose = values.verbose ?? false;
  return {
    verbose,
    options: {
      port: int('port', values.port) ?? 9092,
      host: values.host,
      advertisedHost: values['advertised-host'],
      dataDir: values.data,
      defaultPartitions: int('partitions', values.partitions),
      fsync: !values['no-fsync'],
      retention: {
        ms: int('retention-ms', values['retention-ms']),
        bytes: int('retention-bytes', values['retention-bytes']),
      },
      logger: consoleLogger(verbose),
    },
  };
}

/**
 * CLI entry point: starts the broker, prints one line when listening, stops cleanly on
 * SIGINT/SIGTERM. Resolves once the broker has stopped.
 */
export async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(argv);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (!parsed) {
    process.stdout.write(HELP);
    return;
  }
  const broker = await startBroker(parsed.options);
  const where = parsed.options.dataDir ? `data in ${parsed.options.dataDir}` : 'in memory';
  process.stdout.write(`kafka-broker listening on ${broker.address} (${where})\n`);
  // Started by the dev launcher (IPC channel): report ready the way services do.
  process.send?.({
    type: 'newsreel:ready',
    service: 'kafka',
    pid: process.pid,
    httpPort: broker.port,
  });
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      console.error(`kafka-broker: ${signal} received, stopping`);
      broker.stop().then(resolve, (err: unknown) => {
        console.error('kafka-broker: error while stopping', err);
        process.exitCode = 1;
        resolve();
      });
    };
    const onInt = (): void => shutdown('SIGINT');
    const onTerm = (): void => shutdown('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    // A launcher that dies must not leave the broker behind.
    if (process.send) {
      if (!process.connected) shutdown('launcher gone');
      else process.once('disconnect', () => shutdown('launcher gone'));
    }
  });
}

if (require.main === module) {
  main(process.argv.slice(2))
    // An IPC channel to the launcher would keep this process alive after the broker stopped.
    .then(() => process.connected && process.disconnect())
    .catch((err: unknown) => {
      console.error('kafka-broker: failed to start', err);
      process.exit(1);
    });
}
