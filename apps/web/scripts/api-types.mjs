// The one way the API types are made from the OpenAPI snapshot: the update script writes them
// with this, and `node apps/web/scripts/api-types.mjs --check` (run by the browser suite) fails
// when the committed src/api/openapi.d.ts is not what the committed snapshot produces.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const HEADER =
  '// Generated from apps/web/openapi.json by `npm run web:api` (openapi-typescript). Do not edit.\n';

/** The TypeScript declarations of an OpenAPI document given as JSON text. */
export async function generateApiTypes(openapiJson) {
  return HEADER + astToString(await openapiTS(openapiJson, { alphabetize: true }));
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--check')) {
  const web = join(import.meta.dirname, '..');
  const snapshot = await readFile(join(web, 'openapi.json'), 'utf8');
  const committed = await readFile(join(web, 'src/api/openapi.d.ts'), 'utf8');
  if (committed !== (await generateApiTypes(snapshot))) {
    console.error('src/api/openapi.d.ts is stale: run `npm run web:api`');
    process.exit(1);
  }
  console.log('api types: up to date with openapi.json');
}
