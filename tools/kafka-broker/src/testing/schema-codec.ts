/**
 * A schema-driven Kafka message codec for tests, written apart from the broker's own Reader
 * and Writer so that a layout mistake in the broker cannot hide behind the same mistake in
 * the test. Schemas are transcribed from Apache Kafka's message definitions
 * (`clients/src/main/resources/common/message/*.json`) in a compact notation:
 *
 * - a field is `'Name:type@versions'` or `'Name:type@versions?nullableVersions'`, where
 *   versions are `N+`, `N-M` or `N`, and type is a primitive or `[]primitive`;
 * - an array of structs is `s('Name@versions?nullableVersions', [...fields])`.
 *
 * Values are plain objects keyed by the schema's field names. Missing request fields are
 * encoded as zero, empty or (when nullable) null. int64 fields decode to bigint. Tagged
 * fields are skipped on decode and recorded, by tag number, under `$tags`.
 */

/** Primitive types of the Kafka message definitions used here. */
type Primitive =
  'bool' | 'int8' | 'int16' | 'int32' | 'int64' | 'uuid' | 'string' | 'bytes' | 'records';

/** One field of a message schema. */
export interface SchemaField {
  name: string;
  /** A primitive, `[]primitive`, or `struct[]` for an array of {@link fields}. */
  type: Primitive | `[]${Primitive}` | 'struct[]';
  versions: [number, number];
  nullable: [number, number] | null;
  fields?: SchemaField[];
}

/** A field as written in a schema table: a spec string or the result of {@link s}. */
export type FieldSpec = string | SchemaField;

/** A decoded (or to-be-encoded) message. */
export type Message = Record<string, unknown>;

const NEVER: [number, number] = [1, 0];

function parseRange(text: string): [number, number] {
  const m = /^(\d+)(\+|-(\d+))?$/.exec(text);
  if (!m) throw new Error(`bad version range: ${text}`);
  const low = Number(m[1]);
  if (m[2] === '+') return [low, Number.MAX_SAFE_INTEGER];
  return [low, m[3] === undefined ? low : Number(m[3])];
}

function parseHead(head: string): Pick<SchemaField, 'versions' | 'nullable'> {
  const [versions, nullable] = head.split('?');
  return { versions: parseRange(versions), nullable: nullable ? parseRange(nullable) : null };
}

/** An array of structs. */
export function s(head: string, fields: FieldSpec[]): SchemaField {
  const [name, rest] = head.split('@');
  return { name, type: 'struct[]', ...parseHead(rest), fields: fields.map(field) };
}

/** Parses a field spec string. */
export function field(spec: FieldSpec): SchemaField {
  if (typeof spec !== 'string') return spec;
  const m = /^(\w+):(\[\])?(\w+)@(.+)$/.exec(spec);
  if (!m) throw new Error(`bad field spec: ${spec}`);
  return {
    name: m[1],
    type: `${m[2] ?? ''}${m[3]}` as SchemaField['type'],
    ...parseHead(m[4]),
  };
}

const within = ([low, high]: [number, number], v: number): boolean => v >= low && v <= high;

class Out {
  private readonly parts: Buffer[] = [];

  fixed(size: number, write: (b: Buffer) => void): void {
    const b = Buffer.alloc(size);
    write(b);
    this.parts.push(b);
  }

  raw(b: Buffer): void {
    this.parts.push(b);
  }

  uvarint(n: number): void {
    const bytes: number[] = [];
    let v = n >>> 0;
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes.push(v);
    this.parts.push(Buffer.from(bytes));
  }

  /** A length prefix: compact (length + 1, 0 = null) or fixed-width (-1 = null). */
  length(n: number | null, flexible: boolean, width: 2 | 4): void {
    if (flexible) this.uvarint(n === null ? 0 : n + 1);
    else if (width === 2) this.fixed(2, (b) => b.writeInt16BE(n ?? -1));
    else this.fixed(4, (b) => b.writeInt32BE(n ?? -1));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

class In {
  pos = 0;

  constructor(private readonly buf: Buffer) {}

  take(size: number): Buffer {
    if (size < 0 || this.pos + size > this.buf.length)
      throw new Error(`read ${size} bytes at ${this.pos} past the end (${this.buf.length})`);
    const out = this.buf.subarray(this.pos, this.pos + size);
    this.pos += size;
    return out;
  }

  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.take(1)[0];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new Error('unsigned varint longer than 5 bytes');
  }

  length(flexible: boolean, width: 2 | 4): number | null {
    if (flexible) {
      const n = this.uvarint();
      return n === 0 ? null : n - 1;
    }
    const b = this.take(width);
    const n = width === 2 ? b.readInt16BE(0) : b.readInt32BE(0);
    if (n < -1) throw new Error(`negative length ${n}`);
    return n === -1 ? null : n;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }
}

function encodePrimitive(
  out: Out,
  type: Primitive,
  value: unknown,
  flexible: boolean,
  nullable: boolean,
): void {
  switch (type) {
    case 'bool':
      return out.fixed(1, (b) => b.writeUInt8(value ? 1 : 0));
    case 'int8':
      return out.fixed(1, (b) => b.writeInt8(Number(value ?? 0)));
    case 'int16':
      return out.fixed(2, (b) => b.writeInt16BE(Number(value ?? 0)));
    case 'int32':
      return out.fixed(4, (b) => b.writeInt32BE(Number(value ?? 0)));
    case 'int64':
      return out.fixed(8, (b) => b.writeBigInt64BE(BigInt((value as number | bigint) ?? 0)));
    case 'uuid':
      return out.raw((value as Buffer | undefined) ?? Buffer.alloc(16));
    case 'string': {
      if (value == null && nullable) return out.length(null, flexible, 2);
      const bytes = Buffer.from((value as string | undefined) ?? '');
      out.length(bytes.length, flexible, 2);
      return out.raw(bytes);
    }
    case 'bytes':
    case 'records': {
      if (value == null && nullable) return out.length(null, flexible, 4);
      const bytes = (value as Buffer | undefined) ?? Buffer.alloc(0);
      out.length(bytes.length, flexible, 4);
      return out.raw(bytes);
    }
  }
}

function decodePrimitive(
  input: In,
  type: Primitive,
  flexible: boolean,
  nullable: boolean,
): unknown {
  switch (type) {
    case 'bool': {
      const byte = input.take(1)[0];
      if (byte > 1) throw new Error(`bool byte ${byte}`);
      return byte === 1;
    }
    case 'int8':
      return input.take(1).readInt8(0);
    case 'int16':
      return input.take(2).readInt16BE(0);
    case 'int32':
      return input.take(4).readInt32BE(0);
    case 'int64':
      return input.take(8).readBigInt64BE(0);
    case 'uuid':
      return Buffer.from(input.take(16));
    case 'string':
    case 'bytes':
    case 'records': {
      const n = input.length(flexible, type === 'string' ? 2 : 4);
      if (n === null) {
        if (!nullable) throw new Error(`null ${type} in a non-nullable field`);
        return null;
      }
      const bytes = input.take(n);
      return type === 'string' ? bytes.toString('utf8') : Buffer.from(bytes);
    }
  }
}

function encodeFields(
  out: Out,
  fields: SchemaField[],
  value: Message,
  version: number,
  flexible: boolean,
): void {
  for (const f of fields) {
    if (!within(f.versions, version)) continue;
    const nullable = within(f.nullable ?? NEVER, version);
    const v = value[f.name];
    if (f.type === 'struct[]' || f.type.startsWith('[]')) {
      const items = v as unknown[] | null | undefined;
      if (items == null && nullable) {
        out.length(null, flexible, 4);
        continue;
      }
      out.length(items?.length ?? 0, flexible, 4);
      for (const item of items ?? []) {
        if (f.type === 'struct[]')
          encodeStruct(out, f.fields ?? [], item as Message, version, flexible);
        else encodePrimitive(out, f.type.slice(2) as Primitive, item, flexible, false);
      }
    } else encodePrimitive(out, f.type as Primitive, v, flexible, nullable);
  }
}

function encodeStruct(
  out: Out,
  fields: SchemaField[],
  value: Message,
  version: number,
  flexible: boolean,
): void {
  encodeFields(out, fields, value, version, flexible);
  if (flexible) encodeTags(out, (value.$tags as Record<number, Buffer> | undefined) ?? {});
}

function encodeTags(out: Out, tags: Record<number, Buffer>): void {
  const entries = Object.entries(tags).sort(([a], [b]) => Number(a) - Number(b));
  out.uvarint(entries.length);
  for (const [tag, bytes] of entries) {
    out.uvarint(Number(tag));
    out.uvarint(bytes.length);
    out.raw(bytes);
  }
}

function decodeStruct(
  input: In,
  fields: SchemaField[],
  version: number,
  flexible: boolean,
): Message {
  const value: Message = {};
  for (const f of fields) {
    if (!within(f.versions, version)) continue;
    const nullable = within(f.nullable ?? NEVER, version);
    if (f.type === 'struct[]' || f.type.startsWith('[]')) {
      const n = input.length(flexible, 4);
      if (n === null) {
        if (!nullable) throw new Error(`null array in non-nullable field ${f.name}`);
        value[f.name] = null;
        continue;
      }
      const items: unknown[] = [];
      for (let i = 0; i < n; i++) {
        items.push(
          f.type === 'struct[]'
            ? decodeStruct(input, f.fields ?? [], version, flexible)
            : decodePrimitive(input, f.type.slice(2) as Primitive, flexible, false),
        );
      }
      value[f.name] = items;
    } else value[f.name] = decodePrimitive(input, f.type as Primitive, flexible, nullable);
  }
  if (flexible) {
    const tags: Record<number, Buffer> = {};
    const count = input.uvarint();
    let previous = -1;
    for (let i = 0; i < count; i++) {
      const tag = input.uvarint();
      if (tag <= previous) throw new Error(`tagged fields out of order (${tag} after ${previous})`);
      previous = tag;
      tags[tag] = Buffer.from(input.take(input.uvarint()));
    }
    if (count > 0) value.$tags = tags;
  }
  return value;
}

/** A message schema: its fields and the first flexible version (none: Infinity). */
export interface MessageSchema {
  fields: FieldSpec[];
  flexibleFrom: number;
}

/** Encodes a message body at `version`. */
export function encodeMessage(schema: MessageSchema, value: Message, version: number): Buffer {
  const out = new Out();
  encodeStruct(out, schema.fields.map(field), value, version, version >= schema.flexibleFrom);
  return out.toBuffer();
}

/**
 * Decodes a message body at `version` and throws unless it takes up exactly `bytes`: a short
 * read and trailing bytes are both layout errors.
 */
export function decodeMessage(schema: MessageSchema, bytes: Buffer, version: number): Message {
  const input = new In(bytes);
  const value = decodeStruct(
    input,
    schema.fields.map(field),
    version,
    version >= schema.flexibleFrom,
  );
  if (input.remaining !== 0)
    throw new Error(`${input.remaining} bytes left after decoding a v${version} message`);
  return value;
}

/**
 * Request header v1 (v2 when flexible: a tagged-field section follows the client id, which
 * stays a classic nullable string).
 */
export function encodeRequestHeader(
  apiKey: number,
  version: number,
  correlationId: number,
  clientId: string,
  flexible: boolean,
): Buffer {
  const out = new Out();
  out.fixed(8, (b) => {
    b.writeInt16BE(apiKey, 0);
    b.writeInt16BE(version, 2);
    b.writeInt32BE(correlationId, 4);
  });
  encodePrimitive(out, 'string', clientId, false, true);
  if (flexible) encodeTags(out, {});
  return out.toBuffer();
}

/** Strips response header v1's tagged fields (v0 has none) and returns the body. */
export function responseBody(afterCorrelationId: Buffer, headerV1: boolean): Buffer {
  if (!headerV1) return afterCorrelationId;
  const input = new In(afterCorrelationId);
  const count = input.uvarint();
  for (let i = 0; i < count; i++) {
    input.uvarint();
    input.take(input.uvarint());
  }
  return afterCorrelationId.subarray(input.pos);
}
