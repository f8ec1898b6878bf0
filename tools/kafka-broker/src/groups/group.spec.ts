import { ErrorCode } from '../protocol/error-codes';
import { SyncScheduler } from '../storage/sync-scheduler';
import { recordingLogger } from '../testing/helpers';
import type { JoinRequest, JoinResult, SyncResult } from './group';
import { GroupCoordinator } from './group-coordinator';
import { OffsetStore } from './offset-store';

const logger = recordingLogger();

function coordinator(opts: { evictOnDisconnect?: boolean; initialRebalanceDelayMs?: number } = {}) {
  const rebalances: Array<Set<string>> = [];
  const c = new GroupCoordinator(
    {
      initialRebalanceDelayMs: opts.initialRebalanceDelayMs ?? 0,
      minSessionTimeoutMs: 10,
      maxSessionTimeoutMs: 60_000,
      evictOnDisconnect: opts.evictOnDisconnect ?? true,
    },
    new OffsetStore(null, new SyncScheduler(false), logger),
    logger,
    (ids) => rebalances.push(ids),
  );
  return { c, rebalances };
}

function req(over: Partial<JoinRequest> = {}): JoinRequest {
  return {
    memberId: '',
    clientId: 'c',
    clientHost: '127.0.0.1',
    connectionId: 1,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 10_000,
    protocolType: 'consumer',
    protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from([1, 2, 3]) }],
    ...over,
  };
}

function join(c: GroupCoordinator, r: JoinRequest): { result: JoinResult | null } {
  const box: { result: JoinResult | null } = { result: null };
  c.join('g', r, (res) => (box.result = res));
  return box;
}

function sync(
  c: GroupCoordinator,
  member: string,
  gen: number,
  assignments: Record<string, string> = {},
  connectionId = 1,
) {
  const box: { result: SyncResult | null } = { result: null };
  const map = new Map(Object.entries(assignments).map(([k, v]) => [k, Buffer.from(v)]));
  c.sync('g', member, gen, connectionId, map, (res) => (box.result = res));
  return box;
}

describe('GroupCoordinator', () => {
  it('runs join/sync for two members: leader gets metadata byte for byte, follower waits for its assignment', () => {
    const { c } = coordinator();
    const userData = Buffer.from([0, 1, 2, 255, 254]);
    const a = join(c, req({ protocols: [{ name: 'RoundRobinAssigner', metadata: userData }] }));
    expect(a.result?.error).toBe(0); // alone: completes at once (no initial delay configured)
    const leader = a.result?.memberId ?? '';
    expect(a.result?.leaderId).toBe(leader);
    expect(sync(c, leader, 1, { [leader]: 'A' }).result).toEqual({
      error: 0,
      assignment: Buffer.from('A'),
    });

    const b = join(c, req({ connectionId: 2 }));
    expect(b.result).toBeNull(); // parked until the leader rejoins
    expect(c.heartbeat('g', leader, 1, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const a2 = join(
      c,
      req({ memberId: leader, protocols: [{ name: 'RoundRobinAssigner', metadata: userData }] }),
    );
    expect(a2.result?.generationId).toBe(2);
    expect(b.result?.generationId).toBe(2);
    expect(a2.result?.members).toHaveLength(2);
    expect(a2.result?.members.find((m) => m.memberId === leader)?.metadata.equals(userData)).toBe(
      true,
    );
    expect(b.result?.members).toEqual([]);
    const follower = b.result?.memberId ?? '';

    const fs = sync(c, follower, 2);
    expect(fs.result).toBeNull(); // waits for the leader
    const ls = sync(c, leader, 2, { [leader]: 'A2' }); // follower gets nothing
    expect(ls.result).toEqual({ error: 0, assignment: Buffer.from('A2') });
    expect(fs.result?.error).toBe(0);
    expect(fs.result?.assignment).toEqual(Buffer.alloc(0)); // empty, never null
    expect(c.describe('g').state).toBe('Stable');
  });

  it('returns ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID and protocol errors', () => {
    const { c } = coordinator();
    const a = join(c, req());
    const id = a.result?.memberId ?? '';
    sync(c, id, 1, {});
    expect(c.heartbeat('g', id, 99, 1)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(c.heartbeat('g', 'nobody', 1, 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(c.heartbeat('other', id, 1, 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(sync(c, id, 7).result?.error).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(join(c, req({ memberId: 'ghost' })).result?.error).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(
      join(c, req({ protocols: [{ name: 'other', metadata: Buffer.alloc(0) }] })).result?.error,
    ).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(join(c, req({ sessionTimeoutMs: 1 })).result?.error).toBe(
      ErrorCode.INVALID_SESSION_TIMEOUT,
    );
    expect(c.validateCommit('g', id, 1)).toBe(0);
    expect(c.validateCommit('g', id, 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(c.validateCommit('fresh', '', -1)).toBe(0);
    expect(c.leave('g', id)).toBe(0);
    expect(c.describe('g').state).toBe('Empty');
  });

  it('evicts a member whose session expired and rebalances the rest', async () => {
    const { c, rebalances } = coordinator();
    c.start();
    try {
      const a = join(c, req({ sessionTimeoutMs: 150 }));
      const idA = a.result?.memberId ?? '';
      sync(c, idA, 1, {});
      const b = join(c, req({ sessionTimeoutMs: 10_000, connectionId: 2, clientId: 'other' }));
      join(c, req({ memberId: idA, sessionTimeoutMs: 150 }));
      const idB = b.result?.memberId ?? '';
      sync(c, idB, 2, {});
      sync(c, idA, 2, {});
      expect(c.describe('g').members).toHaveLength(2);
      // B keeps heartbeating, A goes silent
      const until = Date.now() + 600;
      while (Date.now() < until) {
        c.heartbeat('g', idB, 2, 2);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(c.describe('g').members.map((m) => m.memberId)).toEqual([idB]);
      expect(rebalances.some((ids) => ids.has('c'))).toBe(true);
    } finally {
      c.stop();
    }
  });

  it('evicts members when their connection closes, and drops non-rejoiners at the rebalance timeout', async () => {
    const { c } = coordinator();
    const a = join(c, req({ connectionId: 7, rebalanceTimeoutMs: 100 }));
    const idA = a.result?.memberId ?? '';
    sync(c, idA, 1, {}, 7);
    c.connectionClosed(7);
    expect(c.describe('g').state).toBe('Empty');

    const x = join(c, req({ connectionId: 8, rebalanceTimeoutMs: 100 }));
    const idX = x.result?.memberId ?? '';
    sync(c, idX, x.result?.generationId ?? 0, {}, 8);
    const y = join(c, req({ connectionId: 9, rebalanceTimeoutMs: 100 }));
    expect(y.result).toBeNull();
    await new Promise((r) => setTimeout(r, 200)); // x never rejoins
    expect(y.result?.error).toBe(0);
    expect(c.describe('g').members.map((m) => m.memberId)).toEqual([y.result?.memberId]);
  });

  it('gathers members that join together into one generation with the initial delay', async () => {
    const { c } = coordinator({ initialRebalanceDelayMs: 30 });
    const a = join(c, req({ connectionId: 1 }));
    const b = join(c, req({ connectionId: 2 }));
    expect(a.result).toBeNull();
    await new Promise((r) => setTimeout(r, 60));
    expect(a.result?.generationId).toBe(1);
    expect(b.result?.generationId).toBe(1);
    c.stop();
  });
});
