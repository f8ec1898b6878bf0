import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type Notification, PushNotified } from '@newsreel/push-contracts';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import { ReadinessRegistry } from '@newsreel/shared-health';
import type { Logger } from '@newsreel/shared-logging';
import { EventStream, type EventStreamSubscription } from '@newsreel/shared-messaging';
import { LOGGER } from '@newsreel/shared-platform';
import { UserDirectory, type UserView } from '../users/user-directory';

/** A notification as the public API shows it. */
export interface NotificationView {
  id: string;
  type: Notification['type'];
  actor: UserView;
  videoId?: string;
  commentId?: string;
  createdAt: string;
  read: boolean;
}

/** Shapes a push-service notification for clients (absent ids are left out, not null). */
export function toNotificationView(notification: Notification, actor: UserView): NotificationView {
  return {
    id: notification.id,
    type: notification.type,
    actor,
    ...(notification.videoId ? { videoId: notification.videoId } : {}),
    ...(notification.commentId ? { commentId: notification.commentId } : {}),
    createdAt: notification.createdAt,
    read: notification.read,
  };
}

type Listener = (notification: NotificationView) => void;

/**
 * Live delivery: every gateway instance consumes `push.notified.v1` in a consumer group of its
 * own (so each instance sees every notification) and forwards each one to the streams its
 * users have open on this instance. Whichever gateway holds a user's stream delivers to it.
 */
@Injectable()
export class NotificationHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly closers = new Set<() => void>();
  private subscription?: EventStreamSubscription;
  private joined = false;

  constructor(
    private readonly stream: EventStream,
    private readonly users: UserDirectory,
    readiness: ReadinessRegistry,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // Not ready until the consumer has joined: a notification before that would be missed.
    readiness.register('notifications', () =>
      Promise.resolve(
        this.joined ? { up: true } : { up: false, reason: 'not yet subscribed to push.notified' },
      ),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.stream.subscribe({
      event: PushNotified,
      groupId: `gateway-${this.config.instanceId ?? 'gateway'}`,
      fromBeginning: false,
      handler: (notification) => this.deliver(notification),
    });
    // Joining does not hold up start-up; readiness reports it instead.
    void this.subscription.joined.then(() => {
      this.joined = true;
    });
  }

  /** Registers a stream of `userId`; returns the function that unregisters it. */
  connect(userId: string, listener: Listener, close: () => void): () => void {
    const set = this.listeners.get(userId) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(userId, set);
    this.closers.add(close);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(userId);
      this.closers.delete(close);
    };
  }

  /** Open streams on this instance (for logs and, later, metrics). */
  get openStreams(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Open streams would hold the HTTP server open until the shutdown deadline: end them.
    for (const close of [...this.closers]) close();
    await this.subscription?.stop();
  }

  private async deliver(notification: Notification): Promise<void> {
    const listeners = this.listeners.get(notification.userId);
    if (!listeners?.size) return;
    const actorOf = await this.users.lookup([notification.actorId]);
    const view = toNotificationView(notification, actorOf(notification.actorId));
    for (const listener of listeners) {
      try {
        listener(view);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not write to a notification stream');
      }
    }
  }
}
