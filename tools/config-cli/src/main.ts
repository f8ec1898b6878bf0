import { ConfigError, loadConfig, openConfigCentre } from '@newsreel/shared-config';
import { runConfigCli } from './config-cli';

// `npm run config -- get|set|unset|keys ...`: reads and writes the config centre the
// configuration names (files under dataDir by default, Redis when configured), directly.
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const io = {
    out: (line: string) => console.log(line),
    err: (line: string) => console.error(line),
  };
  let centre;
  try {
    centre = openConfigCentre(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
  if (!centre) {
    io.err('config: the config centre is disabled (configCentre.source is none)');
    return 1;
  }
  try {
    if (args[0] !== 'keys' && args.length > 0) await centre.connect(3000);
    return await runConfigCli(args, centre, io);
  } catch (error) {
    io.err(`config: ${(error as Error).message}`);
    return 1;
  } finally {
    await centre.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
