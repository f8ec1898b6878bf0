import type { PersistenceParts } from '@newsreel/shared-persistence';
import { CreateMessagingTables1762000000000 } from '../migrations/1762000000000-create-messaging-tables.migration';
import { InboxRecord } from './inbox.record';
import { OutboxRecord } from './outbox.record';

/**
 * The `outbox` and `inbox` tables, to add to a service's `PersistenceModule.forService()` parts
 * (each service keeps its own outbox and inbox in its own database):
 *
 * ```ts
 * PersistenceModule.forService({
 *   entities: [...LIKE_PERSISTENCE.entities, ...MESSAGING_PERSISTENCE.entities],
 *   migrations: [...LIKE_PERSISTENCE.migrations, ...MESSAGING_PERSISTENCE.migrations],
 * })
 * ```
 */
export const MESSAGING_PERSISTENCE: PersistenceParts = {
  entities: [OutboxRecord, InboxRecord],
  migrations: [CreateMessagingTables1762000000000],
};
