import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryCache, CacheMetrics } from '@newsreel/shared-cache';
import { SERVICE_NAMES, loadConfig } from '@newsreel/shared-config';
import { MessagingMetrics, MessagingStats } from '@newsreel/shared-messaging';
import { MetricsRegistry } from '@newsreel/shared-metrics';
import { parse } from 'yaml';

// Prometheus and Grafana of docker-compose.yml cannot run here (no Docker engine), so what they
// would load is checked instead: the scrape targets against the compose services and ports, the
// provisioning against the mounts, and every dashboard query against the metric names the code
// registers, so a renamed metric fails this test rather than leaving an empty panel.
const root = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface ComposeService {
  image?: string;
  build?: { args?: Record<string, string> };
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const prometheus = parse(read('deploy/prometheus/prometheus.yml')) as {
  scrape_configs: Array<{
    job_name: string;
    metrics_path?: string;
    honor_labels?: boolean;
    static_configs: Array<{ targets: string[] }>;
  }>;
};
const datasources = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as {
  datasources: Array<{ uid: string; type: string; url: string }>;
};
const providers = parse(read('deploy/grafana/provisioning/dashboards/newsreel.yml')) as {
  providers: Array<{ type: string; options: { path: string } }>;
};

interface Panel {
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: Array<{ expr: string }>;
}
const dashboard = JSON.parse(read('deploy/grafana/dashboards/newsreel-dashboard.json')) as {
  uid: string;
  panels: Panel[];
  templating: { list: Array<{ name: string }> };
};
const queries = dashboard.panels.filter((p) => p.type !== 'row');

/** `./host/path:/container/path[:ro]` of a compose service, as [host, container]. */
function mounts(service: ComposeService): Array<[string, string]> {
  return (service.volumes ?? []).map((volume) => {
    const [host, container] = volume.split(':');
    return [host, container];
  });
}

const PROMQL_WORDS = new Set(['and', 'or', 'unless', 'bool', 'offset']);

/**
 * The metric names a PromQL expression reads: what is left once strings, label matchers, ranges
 * and grouping clauses are removed, minus function names (followed by a parenthesis).
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...stripped.matchAll(/\b[a-zA-Z_][a-zA-Z0-9_]*\b(?!\s*\()/g)]
    .map(([name]) => name)
    .filter((name) => !PROMQL_WORDS.has(name));
}

/** Every series name a service process exposes (histograms with their _bucket/_sum/_count). */
async function registeredNames(): Promise<Set<string>> {
  const metrics = new MetricsRegistry({ service: 'video', instance: 'video-1' });
  const messaging = new MessagingMetrics(new MessagingStats(), metrics);
  messaging.onModuleInit();
  messaging.trackOutboxBacklog(() => Promise.resolve(0));
  new CacheMetrics(new MemoryCache({}), metrics).onModuleInit();
  const names = new Set<string>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    }
  }
  return names;
}

describe('metricNames', () => {
  it('finds the metrics of an expression, not its functions, labels or ranges', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le, service) (rate(http_server_request_duration_seconds_bucket{service=~"$service", route!="x"}[$__rate_interval])))',
      ),
    ).toEqual(['http_server_request_duration_seconds_bucket']);
    expect(metricNames('a_total{stat="hits"} / (b_total + c) and bool d')).toEqual([
      'a_total',
      'b_total',
      'c',
      'd',
    ]);
  });
});

describe('Prometheus and Grafana in docker-compose.yml', () => {
  it('scrapes /metrics of every app by compose service name and the HTTP port it is built with', () => {
    expect(prometheus.scrape_configs).toHaveLength(1);
    const [job] = prometheus.scrape_configs;
    expect(job.metrics_path ?? '/metrics').toBe('/metrics');
    // The apps label their series `service` and `instance` themselves.
    expect(job.honor_labels).toBe(true);
    const targets = job.static_configs.flatMap((c) => c.targets).sort();
    const expected = SERVICE_NAMES.map((name) => {
      const config = loadConfig({ service: name, env: {}, configDir: join(root, 'config') });
      const port = config.services[name].httpPort;
      expect(compose.services[name]?.build?.args?.HTTP_PORT, name).toBe(String(port));
      return `${name}:${port}`;
    }).sort();
    expect(targets).toEqual(expected);
  });

  it('runs Prometheus with that file and Grafana with the provisioning of the repo', () => {
    const prom = compose.services.prometheus;
    const grafana = compose.services.grafana;
    expect(prom?.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(grafana?.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    expect(mounts(prom)).toContainEqual([
      './deploy/prometheus/prometheus.yml',
      '/etc/prometheus/prometheus.yml',
    ]);
    for (const [host] of [...mounts(prom), ...mounts(grafana)]) {
      expect(existsSync(join(root, host)), host).toBe(true);
    }
    expect(mounts(grafana)).toContainEqual([
      './deploy/grafana/provisioning',
      '/etc/grafana/provisioning',
    ]);
    // The dashboard provider reads the folder the dashboards are mounted at.
    const [provider] = providers.providers;
    expect(provider.type).toBe('file');
    const dashboards = mounts(grafana).find(([, container]) => container === provider.options.path);
    expect(dashboards?.[0]).toBe('./deploy/grafana/dashboards');
    const home = String(grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH);
    expect(home.startsWith(`${provider.options.path}/`)).toBe(true);
    expect(existsSync(join(root, dashboards![0], home.slice(provider.options.path.length)))).toBe(
      true,
    );
    // The datasource points at the compose Prometheus; Grafana does not take the gateway's port.
    const [datasource] = datasources.datasources;
    expect(datasource).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    expect(prom.ports).toContain('9090:9090');
    const hostPorts = Object.values(compose.services).flatMap((s) =>
      (s.ports ?? []).map((p) => p.split(':')[0]),
    );
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('has a dashboard whose panels all query the provisioned Prometheus, per service', () => {
    expect(queries.length).toBeGreaterThanOrEqual(10);
    expect(dashboard.templating.list.map((v) => v.name)).toContain('service');
    const uid = datasources.datasources[0].uid;
    for (const panel of queries) {
      expect(panel.datasource?.uid, panel.title).toBe(uid);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const { expr } of panel.targets ?? []) {
        expect(expr, panel.title).toContain('service=~"$service"');
      }
    }
  });

  it('shows what the issue asks for: HTTP and RPC rate, errors and latency, Kafka, outbox, cache, event loop, memory', () => {
    const used = new Set(
      queries.flatMap((p) => p.targets ?? []).flatMap((t) => metricNames(t.expr)),
    );
    for (const name of [
      'http_server_requests_total',
      'http_server_request_duration_seconds_bucket',
      'rpc_server_requests_total',
      'rpc_server_request_duration_seconds_bucket',
      'kafka_consumer_lag',
      'kafka_consumer_handler_duration_seconds_bucket',
      'kafka_consumer_messages_total',
      'outbox_backlog',
      'cache_stats',
      'nodejs_eventloop_lag_p99_seconds',
      'process_resident_memory_bytes',
    ]) {
      expect(used.has(name), name).toBe(true);
    }
  });

  it('queries only metric names the code registers', async () => {
    const registered = await registeredNames();
    for (const panel of queries) {
      for (const { expr } of panel.targets ?? []) {
        const names = metricNames(expr);
        expect(names.length, expr).toBeGreaterThan(0);
        for (const name of names)
          expect(registered.has(name), `${panel.title}: ${name}`).toBe(true);
      }
    }
  });
});
