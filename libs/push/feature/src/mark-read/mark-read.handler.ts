import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_REPOSITORY, type NotificationRepository } from '@newsreel/push-domain';
import { CLOCK, type Clock } from '@newsreel/shared-clock';
import type { MarkReadCommand } from './mark-read.command';

/**
 * Marks the given notifications (all when `ids` is absent) as read. Idempotent; ids that are
 * unknown or belong to someone else are ignored rather than refused, so a client racing a
 * cleanup, or guessing ids, learns nothing.
 */
@Injectable()
export class MarkReadHandler {
  constructor(
    @Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: MarkReadCommand): Promise<Record<string, never>> {
    await this.notifications.markRead(command.userId, command.ids, this.clock.now());
    return {};
  }
}
