// The one way the API types are made from the OpenAPI snapshot (the update script writes them,
// the browser suite checks the committed file is what this produces).
import openapiTS, { astToString } from 'openapi-typescript';

const HEADER =
  '// Generated from apps/web/openapi.json by `npm run web:api` (openapi-typescript). Do not edit.\n';

/** The TypeScript declarations of an OpenAPI document given as JSON text. */
export async function generateApiTypes(openapiJson) {
  return HEADER + astToString(await openapiTS(openapiJson, { alphabetize: true }));
}
