#!/usr/bin/env node
// Refreshes the web app's view of the API: starts the platform on free ports, saves the
// gateway's /docs/openapi.json as apps/web/openapi.json and regenerates src/api/openapi.d.ts
// from it. `npm run web:api` after changing a route; the browser suite fails until you do.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { generateApiTypes } from './api-types.mjs';

const root = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const { launchPlatform } = require(join(root, 'dist/tools/dev/src/index.js'));
const { isolatedPlatformEnv } = require(join(root, 'dist/libs/shared/testing/src/index.js'));

const isolated = await isolatedPlatformEnv({ label: 'web-api' });
const platform = await launchPlatform({ rootDir: root, env: isolated.env });
try {
  const document = await (await fetch(`${platform.gatewayUrl}/docs/openapi.json`)).json();
  const snapshot = `${JSON.stringify(document, null, 2)}\n`;
  await writeFile(join(root, 'apps/web/openapi.json'), snapshot);
  await writeFile(join(root, 'apps/web/src/api/openapi.d.ts'), await generateApiTypes(snapshot));
  console.log('web:api: apps/web/openapi.json and src/api/openapi.d.ts updated');
} finally {
  await platform.stop();
  await isolated.cleanup();
}
