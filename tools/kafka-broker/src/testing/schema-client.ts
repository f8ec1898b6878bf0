import type { ApiSchema } from './api-schemas';
import { API_SCHEMAS } from './api-schemas';
import { RawClient } from './raw-client';
import type { Message } from './schema-codec';
import { decodeMessage, encodeMessage, encodeRequestHeader, responseBody } from './schema-codec';

/** An API of {@link API_SCHEMAS}, by name. */
export type ApiName = keyof typeof API_SCHEMAS;

/**
 * Speaks to the broker through the independent schema codec: requests are encoded from
 * {@link API_SCHEMAS} and responses decoded with the same schema at the same version.
 */
export class SchemaClient {
  private constructor(private readonly raw: RawClient) {}

  /** Opens a connection. */
  static async connect(port: number): Promise<SchemaClient> {
    return new SchemaClient(await RawClient.connect(port));
  }

  /**
   * Sends `request` as `api` v`version` and decodes the answer, which must take up exactly
   * its bytes. `tags` adds tagged fields to a flexible request (a broker skips unknown ones).
   */
  async call(
    api: ApiName,
    version: number,
    request: Message = {},
    tags?: Record<number, Buffer>,
  ): Promise<Message> {
    const schema: ApiSchema = API_SCHEMAS[api];
    const flexible = version >= schema.flexibleFrom;
    const correlationId = this.raw.correlationId();
    const body = encodeMessage(
      { fields: schema.request, flexibleFrom: schema.flexibleFrom },
      flexible && tags ? { ...request, $tags: tags } : request,
      version,
    );
    const header = encodeRequestHeader(
      schema.apiKey,
      version,
      correlationId,
      'schema-test',
      flexible,
    );
    const answer = await this.raw.send(correlationId, Buffer.concat([header, body]));
    // ApiVersions always answers with response header v0 (KIP-511).
    const headerV1 = flexible && schema.apiKey !== API_SCHEMAS.ApiVersions.apiKey;
    return decodeMessage(
      { fields: schema.response, flexibleFrom: schema.flexibleFrom },
      responseBody(answer, headerV1),
      version,
    );
  }

  /** Closes the connection. */
  close(): void {
    this.raw.close();
  }
}
