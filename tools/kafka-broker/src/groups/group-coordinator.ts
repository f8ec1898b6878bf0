import type { BrokerLogger, GroupOptions } from '../options';
import { ErrorCode } from '../protocol/error-codes';
import { Group, type JoinRequest, type JoinResult, type SyncResult, joinFailure } from './group';
import type { OffsetStore } from './offset-store';

/** How often session timeouts are checked. */
const SWEEP_INTERVAL_MS = 100;

/** A group as reported by DescribeGroups. */
export interface GroupDescription {
  error: number;
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: Array<{
    memberId: string;
    clientId: string;
    clientHost: string;
    metadata: Buffer;
    assignment: Buffer;
  }>;
}

/**
 * Owns every consumer group on this (only) broker: routes group requests to the group's
 * state machine, sweeps expired sessions, evicts members whose connection closed and
 * answers the tooling APIs (ListGroups/DescribeGroups/DeleteGroups).
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly opts: Required<GroupOptions>,
    private readonly offsets: OffsetStore,
    private readonly logger: BrokerLogger,
    /** Told which client ids belong to a group that started rebalancing. */
    private readonly onRebalance: (clientIds: Set<string>) => void,
  ) {}

  /** Starts the session-expiry sweep. */
  start(): void {
    this.sweepTimer = setInterval(() => {
      const now = Date.now();
      for (const g of this.groups.values()) g.expireSessions(now);
    }, SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  /** Stops timers. */
  stop(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const g of this.groups.values()) g.dispose();
    this.groups.clear();
  }

  private getOrCreate(groupId: string): Group {
    let g = this.groups.get(groupId);
    if (!g) {
      g = new Group(groupId, {
        initialRebalanceDelayMs: this.opts.initialRebalanceDelayMs,
        logger: this.logger,
        onRebalance: (group) =>
          this.onRebalance(new Set([...group.members.values()].map((m) => m.clientId))),
      });
      this.groups.set(groupId, g);
    }
    return g;
  }

  /** JoinGroup. */
  join(groupId: string, req: JoinRequest, respond: (r: JoinResult) => void): void {
    const fail = (error: number): void => respond(joinFailure(error, req.memberId));
    if (!groupId) return fail(ErrorCode.INVALID_GROUP_ID);
    if (
      req.sessionTimeoutMs < this.opts.minSessionTimeoutMs ||
      req.sessionTimeoutMs > this.opts.maxSessionTimeoutMs
    ) {
      return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    const g = req.memberId === '' ? this.getOrCreate(groupId) : this.groups.get(groupId);
    if (!g) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    g.join(req, respond);
  }

  /** SyncGroup. */
  sync(
    groupId: string,
    memberId: string,
    generationId: number,
    connectionId: number,
    assignments: Map<string, Buffer>,
    respond: (r: SyncResult) => void,
  ): void {
    const g = this.groups.get(groupId);
    if (!g) return respond({ error: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) });
    const m = g.members.get(memberId);
    if (m) m.connectionId = connectionId;
    g.sync(memberId, generationId, assignments, respond);
  }

  /** Heartbeat; returns the error code. */
  heartbeat(groupId: string, memberId: string, generationId: number, connectionId: number): number {
    const g = this.groups.get(groupId);
    return g ? g.heartbeat(memberId, generationId, connectionId) : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** LeaveGroup; returns the error code. */
  leave(groupId: string, memberId: string): number {
    const g = this.groups.get(groupId);
    return g ? g.leave(memberId) : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** OffsetCommit validation; a group that does not exist only stores offsets (generation -1). */
  validateCommit(groupId: string, memberId: string, generationId: number): number {
    if (!groupId) return ErrorCode.INVALID_GROUP_ID;
    const g = this.groups.get(groupId);
    if (!g) return generationId < 0 ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    return g.validateCommit(memberId, generationId);
  }

  /** A connection closed: evict the members that were using it (if enabled). */
  connectionClosed(connectionId: number): void {
    if (!this.opts.evictOnDisconnect) return;
    for (const g of this.groups.values()) {
      for (const m of [...g.members.values()]) {
        if (m.connectionId === connectionId) g.removeMember(m.id, 'closed its connection');
      }
    }
  }

  /** ListGroups: groups with members or committed offsets. */
  list(): Array<{ groupId: string; protocolType: string }> {
    const out = new Map<string, string>();
    for (const id of this.offsets.groupIds()) out.set(id, 'consumer');
    for (const g of this.groups.values()) {
      if (g.members.size > 0) out.set(g.id, g.protocolType ?? 'consumer');
    }
    return [...out].map(([groupId, protocolType]) => ({ groupId, protocolType }));
  }

  /** DescribeGroups for one group ("Dead" with no members when unknown, as Kafka does). */
  describe(groupId: string): GroupDescription {
    const g = this.groups.get(groupId);
    if (!g || g.state === 'Dead') {
      const state = this.offsets.hasGroup(groupId) ? 'Empty' : 'Dead';
      return { error: ErrorCode.NONE, groupId, state, protocolType: '', protocol: '', members: [] };
    }
    const stable = g.state === 'Stable';
    return {
      error: ErrorCode.NONE,
      groupId,
      state: g.state,
      protocolType: g.protocolType ?? '',
      protocol: g.protocol ?? '',
      members: [...g.members.values()].map((m) => ({
        memberId: m.id,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: m.protocols.find((p) => p.name === g.protocol)?.metadata ?? Buffer.alloc(0),
        assignment: stable ? m.assignment : Buffer.alloc(0),
      })),
    };
  }

  /** DeleteGroups for one group; returns the error code. */
  async delete(groupId: string): Promise<number> {
    const g = this.groups.get(groupId);
    if (g && g.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    if (!g && !this.offsets.hasGroup(groupId)) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (g) {
      g.dispose();
      this.groups.delete(groupId);
    }
    await this.offsets.deleteGroup(groupId);
    return ErrorCode.NONE;
  }
}
