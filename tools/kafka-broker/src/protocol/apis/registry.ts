import type { ApiHandler } from '../context';
import { advertised, apiVersions } from './api-versions';
import { createTopics } from './create-topics';
import { deleteTopics } from './delete-topics';
import { fetch } from './fetch';
import { findCoordinator } from './find-coordinator';
import { deleteGroups, describeGroups, listGroups } from './group-admin';
import { heartbeat } from './heartbeat';
import { initProducerId } from './init-producer-id';
import { joinGroup } from './join-group';
import { leaveGroup } from './leave-group';
import { listOffsets } from './list-offsets';
import { metadata } from './metadata';
import { offsetCommit } from './offset-commit';
import { offsetFetch } from './offset-fetch';
import { produce } from './produce';
import { syncGroup } from './sync-group';

/**
 * Every API the broker answers, by key. Only these are advertised in ApiVersions: SASL and
 * the transaction APIs (AddPartitionsToTxn, EndTxn, ...) are deliberately absent so clients
 * never try them; InitProducerId is there for idempotent producers only.
 */
export const handlers: ReadonlyMap<number, ApiHandler> = new Map(
  [
    produce,
    fetch,
    listOffsets,
    metadata,
    offsetCommit,
    offsetFetch,
    findCoordinator,
    joinGroup,
    heartbeat,
    leaveGroup,
    syncGroup,
    describeGroups,
    listGroups,
    apiVersions,
    createTopics,
    deleteTopics,
    initProducerId,
    deleteGroups,
  ].map((h) => [h.apiKey, h]),
);

advertised.push(
  ...[...handlers.values()]
    .sort((a, b) => a.apiKey - b.apiKey)
    .map(({ apiKey, minVersion, maxVersion }) => ({ apiKey, minVersion, maxVersion })),
);
