/** The TypeScript declarations of an OpenAPI document given as JSON text. */
export function generateApiTypes(openapiJson: string): Promise<string>;
