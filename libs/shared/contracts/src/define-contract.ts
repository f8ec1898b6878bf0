import { z } from 'zod';

/** One request/response method of a service contract. */
export interface MethodSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  /** Validates (and normalises) the inbound payload at the server boundary. */
  request: Req;
  /** Describes the reply; used for types and for generating other transports' schemas. */
  response: Res;
  /** Safe to retry on another instance after a connection failure (reads, idempotent writes). */
  idempotent: boolean;
}

/** Declares a method; `idempotent` defaults to false so retries are opt-in. */
export function method<Req extends z.ZodType, Res extends z.ZodType>(spec: {
  request: Req;
  response: Res;
  idempotent?: boolean;
}): MethodSpec<Req, Res> {
  return { ...spec, idempotent: spec.idempotent ?? false };
}

/**
 * A service's RPC surface: its name, version and methods. The producing service owns it in
 * `libs/<ctx>/contracts`; servers and callers import the same object, so a misspelled method or a
 * wrong payload is a compile error, and the server validates the payload with the same schema.
 */
export interface Contract<
  S extends string = string,
  M extends Record<string, MethodSpec> = Record<string, MethodSpec>,
> {
  service: S;
  version: `v${number}`;
  /** `newsreel.<service>.<version>`: the proto package name a gRPC transport would use. */
  package: string;
  methods: M;
}

/** Builds a {@link Contract}. */
export function defineContract<S extends string, M extends Record<string, MethodSpec>>(
  service: S,
  version: `v${number}`,
  methods: M,
): Contract<S, M> {
  return { service, version, package: `newsreel.${service}.${version}`, methods };
}

/** The message pattern of a method on the wire: `newsreel.video.v1.Ping`-like, one per method. */
export function patternOf(contract: Contract, methodName: string): string {
  return `${contract.package}.${methodName}`;
}

/** Method names of a contract. */
export type MethodName<C extends Contract> = keyof C['methods'] & string;
/** What a caller passes (before defaults and transforms). */
export type RequestOf<C extends Contract, K extends MethodName<C>> = z.input<
  C['methods'][K]['request']
>;
/** What the handler receives (after validation). */
export type ParsedRequestOf<C extends Contract, K extends MethodName<C>> = z.output<
  C['methods'][K]['request']
>;
/** What the handler returns and the caller receives. */
export type ResponseOf<C extends Contract, K extends MethodName<C>> = z.output<
  C['methods'][K]['response']
>;
