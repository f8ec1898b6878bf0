import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  type RpcCallObservation,
  type RpcClientCallObservation,
  setRpcClientObserver,
  setRpcObserver,
} from '@newsreel/shared-rpc';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics.tokens';

/** One answered HTTP request, as recorded by {@link MetricsRegistry.observeHttp}. */
export interface HttpObservation {
  method: string;
  /** The route pattern (`/api/v1/videos/:id`) or `unmatched`; never the raw URL. */
  route: string;
  status: number;
  durationSec: number;
}

/** Reads named values at scrape time (e.g. a cache's `stats()`). */
export type CollectorRead = () => Record<string, number>;

/**
 * The process's Prometheus registry: default process metrics, HTTP and RPC server metrics, and
 * gauges other libs register with {@link registerCollector}. Every series carries `service` and
 * `instance`. It is a registry of its own, not prom-client's global one, so a test can start
 * several apps in one process without their metrics colliding.
 */
@Injectable()
export class MetricsRegistry implements OnModuleInit, OnModuleDestroy {
  /** The prom-client registry; add your own metrics to it with `registers: [registry.registry]`. */
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly rpcRequests: Counter<'method' | 'code'>;
  private readonly rpcDuration: Histogram<'method'>;
  private readonly rpcClientRequests: Counter<
    'upstream_service' | 'upstream_instance' | 'method' | 'code'
  >;
  private readonly rpcClientDuration: Histogram<'upstream_service' | 'method'>;
  private readonly collectors = new Map<string, CollectorRead>();
  private readonly rpcObserver = (call: RpcCallObservation) => this.observeRpc(call);
  private readonly rpcClientObserver = (call: RpcClientCallObservation) =>
    this.observeRpcClient(call);

  constructor(@Inject(METRICS_OPTIONS) options: MetricsOptions) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ service: options.service, instance: options.instance });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({
      name: 'http_server_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.rpcRequests = new Counter({
      name: 'rpc_server_requests_total',
      help: 'RPC calls served, by method (message pattern) and status name.',
      labelNames: ['method', 'code'],
      registers,
    });
    this.rpcDuration = new Histogram({
      name: 'rpc_server_request_duration_seconds',
      help: 'Time to serve an RPC call, validation included, by method.',
      labelNames: ['method'],
      registers,
    });
    // Not `service`/`instance`: those are this process's default labels, and a metric label of
    // the same name would silently replace them.
    this.rpcClientRequests = new Counter({
      name: 'rpc_client_requests_total',
      help: 'RPC call attempts made, by upstream service, upstream instance, method and status name (a retry is a second attempt).',
      labelNames: ['upstream_service', 'upstream_instance', 'method', 'code'],
      registers,
    });
    this.rpcClientDuration = new Histogram({
      name: 'rpc_client_request_duration_seconds',
      help: 'Time of an RPC call attempt as the caller sees it, by upstream service and method.',
      labelNames: ['upstream_service', 'method'],
      registers,
    });
  }

  /** `@RpcMethod` reports through a module-level hook (it wraps handlers before DI exists). */
  onModuleInit(): void {
    setRpcObserver(this.rpcObserver);
    setRpcClientObserver(this.rpcClientObserver);
  }

  onModuleDestroy(): void {
    setRpcObserver(undefined);
    setRpcClientObserver(undefined);
  }

  /** Records one answered HTTP request. */
  observeHttp({ method, route, status, durationSec }: HttpObservation): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, durationSec);
  }

  /** Records one served RPC call. */
  observeRpc({ method, code, durationSec }: RpcCallObservation): void {
    this.rpcRequests.inc({ method, code });
    this.rpcDuration.observe({ method }, durationSec);
  }

  /** Records one RPC call attempt made by a client of this process. */
  observeRpcClient({
    service,
    instance,
    method,
    code,
    durationSec,
  }: RpcClientCallObservation): void {
    this.rpcClientRequests.inc({
      upstream_service: service,
      upstream_instance: instance,
      method,
      code,
    });
    this.rpcClientDuration.observe({ upstream_service: service, method }, durationSec);
  }

  /**
   * Exposes the values `read` returns at each scrape as the gauge `name{stat="<key>"}`
   * (`cache_stats{stat="hits"}`). Registering a name again replaces its reader. A reader that
   * throws is skipped for that scrape rather than failing `/metrics`.
   */
  registerCollector(name: string, help: string, read: CollectorRead): void {
    const known = this.collectors.has(name);
    this.collectors.set(name, read);
    if (known) return;
    const collectors = this.collectors;
    new Gauge({
      name,
      help,
      labelNames: ['stat'],
      registers: [this.registry],
      collect() {
        this.reset();
        let values: Record<string, number>;
        try {
          values = collectors.get(name)?.() ?? {};
        } catch {
          return;
        }
        for (const [stat, value] of Object.entries(values)) this.set({ stat }, value);
      },
    });
  }

  /** The Content-Type of {@link metrics}' text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in the Prometheus text exposition format. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
