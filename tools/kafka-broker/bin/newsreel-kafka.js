#!/usr/bin/env node
// `npx newsreel-kafka --port 9092 --data .data/kafka`: compiles the repo if needed (about a
// second) and runs the broker's CLI.
'use strict';
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..', '..', '..');
execFileSync(process.execPath, [join(root, 'tools', 'build', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
const { main } = require(join(root, 'dist', 'tools', 'kafka-broker', 'src', 'cli.js'));
main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
