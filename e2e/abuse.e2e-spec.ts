import { join } from 'node:path';
import { type RunningPlatform, launchPlatform } from '@newsreel/dev-launcher';
import { DEV_JWT_SECRET } from '@newsreel/shared-config';
import { type IsolatedPlatformEnv, isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import {
  type AddressedResponse,
  requestFromAddress,
  peakResidentMiB,
} from '@newsreel/shared-testing';
import { SignJWT } from 'jose';
import { apiClient } from './http-client';
import { openEventStream } from './sse-client';

// What one client can do to everyone else, black-box through the gateway with the real
// processes. Every 127.x.y.z address is loopback: the "attacker" sends from other addresses
// than the legitimate user (127.0.0.1), as it would from another machine.

/** Documented bound of the account service's memory (account README): base + 2 x 128 MiB. */
const ACCOUNT_RSS_BOUND_MIB = 480;
const SIGNUPS_PER_IP = 5;

describe('abuse resistance', () => {
  let platform: RunningPlatform;
  let isolated: IsolatedPlatformEnv;
  let api: ReturnType<typeof apiClient>;
  let base: string;
  let accountMetricsUrl: string;
  let accountPid: number;

  beforeAll(async () => {
    isolated = await isolatedPlatformEnv();
    // Sign-ups from one address are limited; a low limit keeps the test short.
    isolated.env.NEWSREEL_SIGNUPS_PER_IP = String(SIGNUPS_PER_IP);
    platform = await launchPlatform({ rootDir: join(__dirname, '..'), env: isolated.env });
    base = platform.gatewayUrl.replace('localhost', '127.0.0.1');
    api = apiClient(base);
    const account = platform.processes.find((p) => p.service === 'account')!;
    accountMetricsUrl = `http://127.0.0.1:${account.httpPort}/metrics`;
    accountPid = account.pid!;
  });

  afterAll(async () => {
    await platform?.stop();
    await isolated?.cleanup();
  });

  /** The sum of a counter's series in account's /metrics (labels ignored). */
  async function counter(name: string): Promise<number> {
    const text = await (await fetch(accountMetricsUrl)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }

  // Each user of this file signs up from an address of its own: sign-ups per address are
  // limited (to SIGNUPS_PER_IP here), and one test spends exactly that allowance.
  let nextUserAddress = 1;
  async function registerUser(api: unknown, prefix: string) {
    const username = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
    const res = await requestFromAddress(
      `127.0.1.${nextUserAddress++}`,
      `${base}/api/v1/auth/register`,
      {
        body: { username, password: 'correct horse' },
      },
    );
    if (res.status !== 201)
      throw new Error(`register ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.user.id as string, token: res.body.accessToken as string, username };
  }

  const login = (from: string, username: string, password: string) =>
    requestFromAddress(from, `${base}/api/v1/auth/login`, { body: { username, password } });

  /** Runs `workers` loops of `send` for `ms`, collecting every response. */
  async function flood(
    workers: number,
    ms: number,
    send: (i: number) => Promise<AddressedResponse>,
  ): Promise<AddressedResponse[]> {
    const until = Date.now() + ms;
    const results: AddressedResponse[] = [];
    let n = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (Date.now() < until) results.push(await send(n++));
      }),
    );
    return results;
  }

  /** The account service's peak RSS while `stop` is pending. */
  const peakRss = (stop: Promise<unknown>) => peakResidentMiB(accountPid, stop);

  const countBy = (results: AddressedResponse[]) =>
    results.reduce<Record<number, number>>(
      (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }),
      {},
    );

  it('answers the 6th failed login for a username with 429 and Retry-After, computing no hash', async () => {
    const victim = await registerUser(api, 'victim');
    for (let i = 0; i < 5; i += 1) {
      const res = await login('127.0.0.2', victim.username, 'wrong guess');
      expect(res.status).toBe(401);
    }
    const hashesBefore = await counter('password_hashes_total');
    // The right password too: while throttled, nothing is checked.
    const sixth = await login('127.0.0.2', victim.username, 'correct horse');
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(sixth.body).toMatchObject({
      statusCode: 429,
      message: 'Too many failed logins; try again later',
    });
    expect(await counter('password_hashes_total')).toBe(hashesBefore);
    expect(await counter('auth_throttled_total')).toBeGreaterThanOrEqual(1);
    // Another user, from the legitimate address, is not affected.
    const other = await registerUser(api, 'other');
    expect((await login('127.0.0.1', other.username, 'correct horse')).status).toBe(200);
  });

  it('stays responsive under 16 concurrent wrong-password logins for 20 s; another user logs in', async () => {
    const victim = await registerUser(api, 'target');
    const user = await registerUser(api, 'legit');
    const legit: AddressedResponse[] = [];
    const attack = flood(16, 20_000, () => login('127.0.0.4', victim.username, 'hunter2'));
    const legitLoop = (async () => {
      const until = Date.now() + 19_000;
      while (Date.now() < until) {
        legit.push(await login('127.0.0.1', user.username, 'correct horse'));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    const [results, peak] = await Promise.all([attack, peakRss(attack), legitLoop]);

    const statuses = countBy(results);
    const slowest = Math.max(...results.map((r) => r.ms));
    console.log(
      `16-client attack: ${results.length} responses ${JSON.stringify(statuses)}, slowest ${Math.round(slowest)} ms; ` +
        `legitimate logins ${JSON.stringify(countBy(legit))}, slowest ${Math.round(Math.max(...legit.map((r) => r.ms)))} ms; ` +
        `account RSS peak ${Math.round(peak)} MiB`,
    );
    expect(
      Object.keys(statuses)
        .map(Number)
        .every((s) => [401, 429, 503].includes(s)),
    ).toBe(true);
    // At most the username's allowance was ever checked; everything else was refused unhashed.
    expect(statuses[401] ?? 0).toBeLessThanOrEqual(5);
    expect(statuses[429]).toBeGreaterThan(100);
    // The legitimate user's logins go through; at the very start of the attack, while the
    // attacker's first five guesses still hold the hashing slots, one may get a fast 503.
    expect(legit.length).toBeGreaterThan(10);
    expect(legit.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    expect(legit.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(legit.length - 2);
    expect(peak).toBeLessThan(ACCOUNT_RSS_BOUND_MIB);
  });

  it('bounds a spray over many usernames and addresses: 503 with Retry-After, memory capped', async () => {
    const rejectionsBefore = await counter('password_hash_rejections_total');
    const address = (i: number) => `127.1.${(i >> 8) & 255}.${i & 255 || 1}`;
    const attack = flood(16, 8000, (i) =>
      login(address(i), `nobody_${i}_${Math.random().toString(36).slice(2, 8)}`, 'guess'),
    );
    const [results, peak] = await Promise.all([attack, peakRss(attack)]);
    const statuses = countBy(results);
    console.log(
      `spray: ${results.length} responses ${JSON.stringify(statuses)}, slowest ${Math.round(
        Math.max(...results.map((r) => r.ms)),
      )} ms, account RSS peak ${Math.round(peak)} MiB`,
    );
    expect(
      Object.keys(statuses)
        .map(Number)
        .every((s) => [401, 429, 503].includes(s)),
    ).toBe(true);
    const busy = results.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((r) => Number(r.headers['retry-after']) >= 1)).toBe(true);
    expect(busy[0].body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(await counter('password_hash_rejections_total')).toBeGreaterThan(rejectionsBefore);
    expect(peak).toBeLessThan(ACCOUNT_RSS_BOUND_MIB);
  });

  it('limits sign-ups per address with 429, and not for another address', async () => {
    const register = (from: string) =>
      requestFromAddress(from, `${base}/api/v1/auth/register`, {
        body: {
          username: `s_${Math.random().toString(36).slice(2, 10)}`,
          password: 'correct horse',
        },
      });
    for (let i = 0; i < SIGNUPS_PER_IP; i += 1)
      expect((await register('127.0.0.5')).status).toBe(201);
    const refused = await register('127.0.0.5');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.message).toBe('Too many sign-ups from this address; try again later');
    expect((await register('127.0.0.6')).status).toBe(201);
  });

  it('caps open notification streams per user (429), frees a slot on close, and ends HEAD', async () => {
    const { token } = await registerUser(api, 'streamer');
    const url = `${base}/api/v1/notifications/stream`;
    const auth = { authorization: `Bearer ${token}` };
    const open = await Promise.all(Array.from({ length: 5 }, () => openEventStream(url, auth)));
    try {
      expect(open.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
      const sixth = await api('GET', '/api/v1/notifications/stream', { token });
      expect(sixth.status).toBe(429);
      expect(sixth.body.message).toBe(
        'Too many open notification streams for this user (at most 5)',
      );
      expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
      open.shift()!.close();
      await vi.waitFor(
        async () => {
          const again = await openEventStream(url, auth);
          expect(again.status).toBe(200);
          open.push(again);
        },
        { timeout: 5000, interval: 100 },
      );
      const head = await fetch(url, {
        method: 'HEAD',
        headers: auth,
        signal: AbortSignal.timeout(5000),
      });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toContain('text/event-stream');
    } finally {
      for (const stream of open) stream.close();
    }
  });

  it('refuses an access token issued in the future, on the API and on the stream', async () => {
    const { id, username } = await registerUser(api, 'clock');
    const forge = (iatOffsetSec: number) => {
      const iat = Math.floor(Date.now() / 1000) + iatOffsetSec;
      return new SignJWT({ username })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setSubject(id)
        .setIssuer('newsreel-account')
        .setAudience('newsreel-api')
        .setIssuedAt(iat)
        .setExpirationTime(iat + 300)
        .sign(new TextEncoder().encode(DEV_JWT_SECRET));
    };
    // The forge itself is sound: issued now, it is accepted.
    expect((await api('GET', '/api/v1/users/me', { token: await forge(0) })).status).toBe(200);
    const future = await forge(3600);
    const me = await api('GET', '/api/v1/users/me', { token: future });
    expect(me.status).toBe(401);
    const stream = await api('GET', `/api/v1/notifications/stream?access_token=${future}`);
    expect(stream.status).toBe(401);
  });
});
