import { randomUUID } from 'node:crypto';
import type { BrokerLogger } from '../options';
import { ErrorCode } from '../protocol/error-codes';

/** Group states, named as in Apache Kafka (DescribeGroups reports them verbatim). */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** A protocol (assigner) a member supports, with its subscription metadata. */
export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

/** Answer to a JoinGroup request. */
export interface JoinResult {
  error: number;
  generationId: number;
  protocol: string;
  leaderId: string;
  memberId: string;
  /** All members' metadata for the chosen protocol, only for the leader. */
  members: Array<{ memberId: string; metadata: Buffer }>;
}

/** A JoinGroup answer that carries only an error (no generation, no members). */
export function joinFailure(error: number, memberId: string): JoinResult {
  return { error, generationId: -1, protocol: '', leaderId: '', memberId, members: [] };
}

/** Answer to a SyncGroup request. */
export interface SyncResult {
  error: number;
  assignment: Buffer;
}

/** A JoinGroup request, decoded. */
export interface JoinRequest {
  memberId: string;
  clientId: string;
  clientHost: string;
  connectionId: number;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
}

/** A group member. */
export interface Member {
  id: string;
  clientId: string;
  clientHost: string;
  /** Connection of its latest group request (closing it evicts the member, if enabled). */
  connectionId: number;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: GroupProtocol[];
  assignment: Buffer;
  lastHeartbeat: number;
  awaitingJoin: ((r: JoinResult) => void) | null;
  awaitingSync: ((r: SyncResult) => void) | null;
}

/** Settings and hooks of a group. */
export interface GroupEnv {
  initialRebalanceDelayMs: number;
  logger: BrokerLogger;
  /** Called when the group starts rebalancing (used to wake members' parked fetches). */
  onRebalance: (group: Group) => void;
}

const EMPTY = Buffer.alloc(0);

function sameProtocols(a: GroupProtocol[], b: GroupProtocol[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.name === b[i].name && p.metadata.equals(b[i].metadata))
  );
}

/**
 * One consumer group and its rebalance state machine (the eager protocol of Kafka's
 * GroupCoordinator): joins are parked until every known member has rejoined (or the
 * rebalance timeout removes stragglers), then the leader gets everyone's metadata, and
 * followers' SyncGroup calls are parked until the leader sends the assignment.
 */
export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocol: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  private rebalanceTimer: NodeJS.Timeout | null = null;
  private delayTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly id: string,
    private readonly env: GroupEnv,
  ) {}

  /** Protocols every member supports. */
  private commonProtocols(): Set<string> {
    const members = [...this.members.values()];
    if (members.length === 0) return new Set();
    let common = new Set(members[0].protocols.map((p) => p.name));
    for (const m of members.slice(1)) {
      const prev = common;
      common = new Set(m.protocols.map((p) => p.name).filter((n) => prev.has(n)));
    }
    return common;
  }

  /** Handles JoinGroup; `respond` is called now or when the rebalance completes. */
  join(req: JoinRequest, respond: (r: JoinResult) => void): void {
    const fail = (error: number): void => respond(joinFailure(error, req.memberId));
    if (this.state === 'Dead') return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    if (req.protocols.length === 0 || req.protocolType === '') {
      return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    const existing = req.memberId === '' ? undefined : this.members.get(req.memberId);
    if (req.memberId !== '' && !existing) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    const others = [...this.members.values()].filter((m) => m !== existing);
    if (others.length > 0) {
      if (req.protocolType !== this.protocolType)
        return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      // The newcomer must share at least one protocol with everyone already in the group.
      let common = new Set(req.protocols.map((p) => p.name));
      for (const m of others)
        common = new Set(m.protocols.map((p) => p.name).filter((n) => common.has(n)));
      if (common.size === 0) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    this.protocolType = req.protocolType;
    const now = Date.now();

    if (!existing) {
      const member: Member = {
        id: `${req.clientId || 'client'}-${randomUUID()}`,
        clientId: req.clientId,
        clientHost: req.clientHost,
        connectionId: req.connectionId,
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: req.rebalanceTimeoutMs,
        protocols: req.protocols,
        assignment: EMPTY,
        lastHeartbeat: now,
        awaitingJoin: respond,
        awaitingSync: null,
      };
      this.members.set(member.id, member);
      this.env.logger.info('kafka-broker: member joining group', {
        group: this.id,
        member: member.id,
      });
      if (this.state === 'PreparingRebalance') this.tryCompleteJoin();
      else this.prepareRebalance(`new member ${member.id}`);
      return;
    }

    const changed = !sameProtocols(existing.protocols, req.protocols);
    existing.protocols = req.protocols;
    existing.sessionTimeoutMs = req.sessionTimeoutMs;
    existing.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    existing.connectionId = req.connectionId;
    existing.lastHeartbeat = now;
    switch (this.state) {
      case 'PreparingRebalance':
        // A duplicate join (e.g. retried on a new connection) replaces the parked one.
        existing.awaitingJoin?.({
          ...this.joinResultFor(existing),
          error: ErrorCode.REBALANCE_IN_PROGRESS,
        });
        existing.awaitingJoin = respond;
        this.tryCompleteJoin();
        return;
      case 'CompletingRebalance':
      case 'Stable':
        if (changed || (this.state === 'Stable' && existing.id === this.leaderId)) {
          existing.awaitingJoin = respond;
          this.prepareRebalance(`member ${existing.id} rejoined with new metadata`);
        } else {
          // Nothing changed: hand back the current generation without a rebalance.
          respond(this.joinResultFor(existing));
        }
        return;
      default:
        return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  private joinResultFor(m: Member): JoinResult {
    const isLeader = m.id === this.leaderId;
    return {
      error: ErrorCode.NONE,
      generationId: this.generationId,
      protocol: this.protocol ?? '',
      leaderId: this.leaderId ?? '',
      memberId: m.id,
      members: isLeader
        ? [...this.members.values()].map((x) => ({
            memberId: x.id,
            // Metadata (including the assigner's userData) is passed through byte for byte.
            metadata: x.protocols.find((p) => p.name === this.protocol)?.metadata ?? EMPTY,
          }))
        : [],
    };
  }

  private prepareRebalance(reason: string): void {
    if (this.state === 'CompletingRebalance') {
      for (const m of this.members.values()) {
        const cb = m.awaitingSync;
        m.awaitingSync = null;
        cb?.({ error: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      }
    }
    const wasEmpty = this.state === 'Empty';
    this.state = 'PreparingRebalance';
    this.env.logger.info('kafka-broker: group rebalancing', { group: this.id, reason });
    this.env.onRebalance(this);
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    const timeout = Math.max(1, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
    this.rebalanceTimer = setTimeout(() => this.completeJoin(), timeout);
    this.rebalanceTimer.unref();
    if (wasEmpty && this.env.initialRebalanceDelayMs > 0) {
      // Members starting together should land in one generation instead of N rebalances.
      this.delayTimer = setTimeout(() => {
        this.delayTimer = null;
        this.tryCompleteJoin();
      }, this.env.initialRebalanceDelayMs);
      this.delayTimer.unref();
      return;
    }
    this.tryCompleteJoin();
  }

  private tryCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance' || this.delayTimer) return;
    for (const m of this.members.values()) if (!m.awaitingJoin) return;
    this.completeJoin();
  }

  /** Ends the join phase: drops members that did not rejoin, bumps the generation, answers joins. */
  private completeJoin(): void {
    if (this.state !== 'PreparingRebalance') return;
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    if (this.delayTimer) clearTimeout(this.delayTimer);
    this.rebalanceTimer = null;
    this.delayTimer = null;
    for (const m of [...this.members.values()]) {
      if (!m.awaitingJoin) {
        this.env.logger.info('kafka-broker: member did not rejoin within the rebalance timeout', {
          group: this.id,
          member: m.id,
        });
        this.members.delete(m.id);
      }
    }
    this.generationId++;
    if (this.members.size === 0) {
      this.state = 'Empty';
      this.protocol = null;
      this.leaderId = null;
      this.protocolType = null;
      return;
    }
    this.protocol = this.selectProtocol();
    if (!this.leaderId || !this.members.has(this.leaderId)) {
      this.leaderId = this.members.keys().next().value ?? null;
    }
    this.state = 'CompletingRebalance';
    const now = Date.now();
    for (const m of this.members.values()) {
      m.assignment = EMPTY;
      m.lastHeartbeat = now;
      const cb = m.awaitingJoin;
      m.awaitingJoin = null;
      cb?.(this.joinResultFor(m));
    }
    this.env.logger.info('kafka-broker: group generation complete', {
      group: this.id,
      generation: this.generationId,
      members: this.members.size,
      protocol: this.protocol,
    });
  }

  /** Kafka's rule: among protocols all members support, each member votes for its first choice. */
  private selectProtocol(): string {
    const common = this.commonProtocols();
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const choice = m.protocols.find((p) => common.has(p.name));
      if (choice) votes.set(choice.name, (votes.get(choice.name) ?? 0) + 1);
    }
    let best = '';
    let bestVotes = -1;
    for (const [name, n] of votes) {
      if (n > bestVotes) {
        best = name;
        bestVotes = n;
      }
    }
    return best;
  }

  /** Handles SyncGroup; followers are parked until the leader's assignment arrives. */
  sync(
    memberId: string,
    generationId: number,
    assignments: Map<string, Buffer>,
    respond: (r: SyncResult) => void,
  ): void {
    const m = this.members.get(memberId);
    if (!m) return respond({ error: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    if (generationId !== this.generationId) {
      return respond({ error: ErrorCode.ILLEGAL_GENERATION, assignment: EMPTY });
    }
    m.lastHeartbeat = Date.now();
    switch (this.state) {
      case 'PreparingRebalance':
        return respond({ error: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      case 'CompletingRebalance':
        m.awaitingSync = respond;
        if (memberId === this.leaderId) {
          for (const member of this.members.values()) {
            // Members the leader gave nothing get empty bytes, never null (kafkajs decodes it).
            member.assignment = assignments.get(member.id) ?? EMPTY;
          }
          this.state = 'Stable';
          for (const member of this.members.values()) {
            const cb = member.awaitingSync;
            member.awaitingSync = null;
            cb?.({ error: ErrorCode.NONE, assignment: member.assignment });
          }
        }
        return;
      case 'Stable':
        return respond({ error: ErrorCode.NONE, assignment: m.assignment });
      default:
        return respond({ error: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    }
  }

  /** Handles Heartbeat; returns the error code. */
  heartbeat(memberId: string, generationId: number, connectionId: number): number {
    const m = this.members.get(memberId);
    if (!m) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    m.lastHeartbeat = Date.now();
    m.connectionId = connectionId;
    return this.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** Handles LeaveGroup; returns the error code. */
  leave(memberId: string): number {
    if (!this.members.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.removeMember(memberId, 'left the group');
    return ErrorCode.NONE;
  }

  /** Removes a member (left, session expired, connection closed) and rebalances the rest. */
  removeMember(memberId: string, reason: string): void {
    const m = this.members.get(memberId);
    if (!m) return;
    this.members.delete(memberId);
    this.env.logger.info('kafka-broker: member removed from group', {
      group: this.id,
      member: memberId,
      reason,
    });
    m.awaitingJoin?.({
      error: ErrorCode.UNKNOWN_MEMBER_ID,
      generationId: -1,
      protocol: '',
      leaderId: '',
      memberId,
      members: [],
    });
    m.awaitingSync?.({ error: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    m.awaitingJoin = null;
    m.awaitingSync = null;
    if (this.state === 'PreparingRebalance') {
      if (this.members.size === 0) this.completeJoin();
      else this.tryCompleteJoin();
    } else if (this.state === 'Stable' || this.state === 'CompletingRebalance') {
      this.prepareRebalance(`member ${memberId} ${reason}`);
    }
  }

  /** Evicts members whose session timed out (members parked in JoinGroup are exempt). */
  expireSessions(now: number): void {
    for (const m of [...this.members.values()]) {
      if (m.awaitingJoin && this.state === 'PreparingRebalance') continue;
      if (now - m.lastHeartbeat > m.sessionTimeoutMs) {
        this.removeMember(m.id, `session timed out after ${m.sessionTimeoutMs} ms`);
      }
    }
  }

  /** OffsetCommit validation (Kafka's rules); returns the error code. */
  validateCommit(memberId: string, generationId: number): number {
    if (generationId < 0 && this.state === 'Empty') return ErrorCode.NONE;
    if (this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    if (!this.members.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    return ErrorCode.NONE;
  }

  /** Stops timers; the group is unusable afterwards. */
  dispose(): void {
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    if (this.delayTimer) clearTimeout(this.delayTimer);
    this.state = 'Dead';
  }
}
