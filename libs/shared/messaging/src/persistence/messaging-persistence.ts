import type { PersistenceParts } from '@newsreel/shared-persistence';
import { CreateMessagingTables1762000000000 } from '../migrations/1762000000000-create-messaging-tables.migration';
import { InboxRecord } from './inbox.record';
import { OutboxRecord } from './outbox.record';

/**
 * The `outbox` and `inbox` tables on their own (each service keeps its own outbox and inbox in
 * its own database). Contexts use {@link withMessagingTables}.
 */
export const MESSAGING_PERSISTENCE: PersistenceParts = {
  entities: [OutboxRecord, InboxRecord],
  migrations: [CreateMessagingTables1762000000000],
};

/**
 * A service's whole schema: its own tables plus the outbox and inbox. Every context's
 * data-access lib builds its `<CTX>_PERSISTENCE` with it and opens it in its module:
 *
 * ```ts
 * export const LIKE_PERSISTENCE = withMessagingTables({ entities: [LikeRecord], migrations: [...] });
 * @Module({ imports: [PersistenceModule.forService(LIKE_PERSISTENCE)], ... })
 * ```
 */
export function withMessagingTables(parts: PersistenceParts): PersistenceParts {
  return {
    entities: [...parts.entities, ...MESSAGING_PERSISTENCE.entities],
    migrations: [...MESSAGING_PERSISTENCE.migrations, ...parts.migrations],
  };
}
