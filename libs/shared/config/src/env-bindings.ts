import { BACKEND_SERVICES } from './platform-config.schema';

/** How an environment variable maps onto a configuration key. */
export interface EnvBinding {
  /** `NEWSREEL_*` variable name. */
  env: string;
  /** Dotted key in {@link PlatformConfig} (`services.video.rpcPort`). */
  key: string;
  /** `list` splits on commas. */
  kind?: 'list';
}

const upper = (s: string) => s.toUpperCase();

/**
 * The full table of environment variables the platform reads. It is explicit (not derived
 * from key names) so it doubles as documentation, and docker-compose.yml is checked against it.
 */
export const ENV_BINDINGS: readonly EnvBinding[] = [
  { env: 'NEWSREEL_ENV', key: 'env' },
  { env: 'NEWSREEL_INSTANCE_ID', key: 'instanceId' },
  { env: 'NEWSREEL_BIND_HOST', key: 'bindHost' },
  { env: 'NEWSREEL_DATA_DIR', key: 'dataDir' },
  { env: 'NEWSREEL_MEDIA_DIR', key: 'mediaDir' },
  { env: 'NEWSREEL_WEB_DIR', key: 'webDir' },
  { env: 'NEWSREEL_LOG_LEVEL', key: 'log.level' },
  { env: 'NEWSREEL_RPC_TIMEOUT_MS', key: 'rpc.timeoutMs' },
  { env: 'NEWSREEL_SHUTDOWN_TIMEOUT_MS', key: 'shutdown.timeoutMs' },
  { env: 'NEWSREEL_GATEWAY_HOST', key: 'services.gateway.host' },
  { env: 'NEWSREEL_GATEWAY_HTTP_PORT', key: 'services.gateway.httpPort' },
  ...BACKEND_SERVICES.flatMap((s) => [
    { env: `NEWSREEL_${upper(s)}_HOST`, key: `services.${s}.host` },
    { env: `NEWSREEL_${upper(s)}_HTTP_PORT`, key: `services.${s}.httpPort` },
    { env: `NEWSREEL_${upper(s)}_RPC_PORT`, key: `services.${s}.rpcPort` },
    { env: `NEWSREEL_${upper(s)}_DATABASE_URL`, key: `services.${s}.databaseUrl` },
  ]),
  { env: 'NEWSREEL_JWT_SECRET', key: 'auth.jwtSecret' },
  { env: 'NEWSREEL_RPC_SECRET', key: 'auth.rpcSecret' },
  { env: 'NEWSREEL_ACCESS_TOKEN_TTL_SEC', key: 'auth.accessTokenTtlSec' },
  { env: 'NEWSREEL_REFRESH_TOKEN_TTL_SEC', key: 'auth.refreshTokenTtlSec' },
  { env: 'NEWSREEL_AUTH_CLOCK_SKEW_SEC', key: 'auth.clockSkewSec' },
  {
    env: 'NEWSREEL_LOGIN_FAILURES_PER_USERNAME',
    key: 'auth.loginFailuresPerUsername.points',
  },
  { env: 'NEWSREEL_LOGIN_FAILURES_PER_IP', key: 'auth.loginFailuresPerIp.points' },
  { env: 'NEWSREEL_SIGNUPS_PER_IP', key: 'auth.signupsPerIp.points' },
  { env: 'NEWSREEL_PASSWORD_HASHES_MAX', key: 'auth.passwordHashing.maxConcurrent' },
  { env: 'NEWSREEL_ADMIN_USERNAME', key: 'auth.adminUsername' },
  { env: 'NEWSREEL_ADMIN_PASSWORD', key: 'auth.adminPassword' },
  { env: 'NEWSREEL_CACHE_VIDEO_TTL_MS', key: 'cache.videoTtlMs' },
  { env: 'NEWSREEL_CACHE_FEED_TTL_MS', key: 'cache.feedTtlMs' },
  { env: 'NEWSREEL_MAX_STREAMS_PER_USER', key: 'notifications.maxStreamsPerUser' },
  { env: 'NEWSREEL_COMMENT_SENSITIVE_WORDS', key: 'comment.sensitiveWords', kind: 'list' },
  { env: 'NEWSREEL_REDIS_URL', key: 'redis.url' },
  { env: 'NEWSREEL_FEED_DEFAULT_PAGE_SIZE', key: 'feed.defaultPageSize' },
  { env: 'NEWSREEL_DISCOVERY_REGISTRY', key: 'discovery.registry' },
  { env: 'NEWSREEL_DISCOVERY_REDIS_URL', key: 'discovery.redisUrl' },
  { env: 'NEWSREEL_DISCOVERY_TTL_MS', key: 'discovery.ttlMs' },
  { env: 'NEWSREEL_DISCOVERY_HEARTBEAT_MS', key: 'discovery.heartbeatMs' },
  { env: 'NEWSREEL_RELEASE_COLOUR', key: 'discovery.colour' },
  { env: 'NEWSREEL_INSTANCE_WEIGHT', key: 'discovery.weight' },
  { env: 'NEWSREEL_DISCOVERY_BALANCER', key: 'discovery.balancer' },
  { env: 'NEWSREEL_CONFIG_CENTRE', key: 'configCentre.source' },
  { env: 'NEWSREEL_CONFIG_CENTRE_REDIS_URL', key: 'configCentre.redisUrl' },
  { env: 'NEWSREEL_TRACING_ENABLED', key: 'tracing.enabled' },
  { env: 'NEWSREEL_TRACING_SAMPLE_RATIO', key: 'tracing.sampleRatio' },
  { env: 'NEWSREEL_OTLP_ENDPOINT', key: 'tracing.otlpEndpoint' },
  { env: 'NEWSREEL_TRACING_STORE_MAX_SPANS', key: 'tracing.storeMaxSpans' },
  { env: 'NEWSREEL_KAFKA_BROKERS', key: 'kafka.brokers', kind: 'list' },
  { env: 'NEWSREEL_KAFKA_EMBEDDED_PORT', key: 'kafka.embeddedPort' },
];

/** Variables read by {@link loadConfig} itself rather than mapped onto keys. */
export const META_ENV = {
  /** Directory holding `default.yaml` and `<service>.yaml`; default `./config`. */
  configDir: 'NEWSREEL_CONFIG_DIR',
} as const;
