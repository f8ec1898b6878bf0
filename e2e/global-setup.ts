import { execFileSync } from 'node:child_process';

/** End-to-end tests run the compiled services, exactly as `npm start` does. */
export default function setup(): void {
  execFileSync(process.execPath, ['tools/build/build.mjs', '--quiet'], { stdio: 'inherit' });
}
