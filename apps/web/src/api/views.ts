// What the gateway answers. The OpenAPI document describes every route, parameter and request
// body (see ./openapi.d.ts) but not yet the response bodies, so these mirror the gateway's
// views (libs/gateway/feature) by hand; the browser suite (e2e/web-app.e2e-spec.ts) reads them.

export interface UserView {
  id: string;
  username: string;
  displayName: string;
}

export interface User extends UserView {
  createdAt: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

export interface Profile extends User {
  followerCount: number;
  followingCount: number;
  videoCount: number;
}

export interface Video {
  id: string;
  authorId: string;
  title: string;
  category: string;
  description: string;
  mediaUrl: string;
  coverUrl: string | null;
  durationSec: number;
  publishedAt: string;
  likeCount: number;
  commentCount: number;
  author: UserView;
  likedByMe?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface LikeState {
  liked: boolean;
  likeCount: number;
}

export interface Comment {
  id: string;
  videoId: string;
  authorId: string;
  text: string;
  parentId: string | null;
  createdAt: string;
  author: UserView;
}

export interface Notification {
  id: string;
  /** `like`, `comment`, `follow`; shown as-is when the push service adds another. */
  type: string;
  actor: UserView;
  videoId?: string;
  commentId?: string;
  createdAt: string;
  read: boolean;
}

export interface NotificationPage extends Page<Notification> {
  unread: number;
}

/** The error shape of every refusal. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: Array<{ path?: string; message: string }>;
  traceId?: string;
}

// Admin views (the learner console).

export interface RegistryInstance {
  service: string;
  instanceId: string;
  host: string;
  port: number;
  protocol: string;
  version: string;
  colour: string;
  weight: number;
  startedAt: string;
  lastHeartbeat: string;
  healthy: boolean;
  metadata: Record<string, string | number | boolean>;
}

export interface RegistrySnapshot {
  registry: string;
  description: string;
  registryUp: boolean;
  source: 'registry' | 'snapshot';
  lastError?: string;
  tracked: string[];
  services: Record<string, RegistryInstance[]>;
}

export interface ConfigKeyInfo {
  key: string;
  reload: 'hot' | 'restart' | 'local';
  list: boolean;
}

export interface InstanceConfigStatus {
  service: string;
  instanceId: string;
  versions: { shared: number; service: number };
  origin: 'centre' | 'snapshot' | 'none';
  pendingRestart: string[];
  lastError?: string;
  updatedAt: string;
}

export interface ConfigScopeView {
  service: string;
  centre: string;
  version: number;
  values: Record<string, unknown>;
  shared?: { version: number; values: Record<string, unknown> };
  keys: ConfigKeyInfo[];
  instances: InstanceConfigStatus[];
}

export interface ConfigUpdateResult {
  service: string;
  version: number;
  values: Record<string, unknown>;
  hot: string[];
  pendingRestart: string[];
}

export interface TraceSummary {
  traceId: string;
  rootName: string;
  rootService: string;
  services: string[];
  spanCount: number;
  durationMs: number;
  startedAt: string;
  error: boolean;
}

export interface SpanView {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  service: string;
  serviceInstanceId?: string;
  durationMs: number;
  offsetMs: number;
  startedAt: string;
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
  attributes: Record<string, unknown>;
}

export interface TraceDetail extends TraceSummary {
  spans: SpanView[];
}
