import { DEMO_PASSWORD, DEMO_USERS, DEMO_VIDEOS } from './demo-data';

interface Session {
  accessToken: string;
  user: { id: string; username: string };
}

/** What {@link seedDemoData} did. */
export interface SeedResult {
  usersCreated: number;
  videosPublished: number;
}

/**
 * Fills an empty platform with demo users, follows and videos **through the public API**, as any
 * client would: no service's database is touched directly, and the same call works against
 * SQLite, MariaDB or PostgreSQL. Idempotent: existing users are logged in, follows are
 * idempotent, and a user's video is published only if no video of theirs has its title.
 */
export async function seedDemoData(gatewayUrl: string): Promise<SeedResult> {
  const call = async <T>(method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const expectOk = <T>(res: { status: number; body: T }, what: string): T => {
    if (res.status >= 300)
      throw new Error(`seed: ${what} failed with ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const result: SeedResult = { usersCreated: 0, videosPublished: 0 };
  const sessions = new Map<string, Session>();
  for (const user of DEMO_USERS) {
    const login = await call<Session>('POST', '/api/v1/auth/login', {
      username: user.username,
      password: DEMO_PASSWORD,
    });
    if (login.status === 200) {
      sessions.set(user.username, login.body);
      continue;
    }
    const created = await call<Session>('POST', '/api/v1/auth/register', {
      username: user.username,
      password: DEMO_PASSWORD,
      displayName: user.displayName,
    });
    sessions.set(user.username, expectOk(created, `registering ${user.username}`));
    result.usersCreated++;
  }

  for (const user of DEMO_USERS) {
    const session = sessions.get(user.username)!;
    for (const followee of user.follows) {
      const target = sessions.get(followee)!.user.id;
      expectOk(
        await call('PUT', `/api/v1/users/${target}/follow`, undefined, session.accessToken),
        'following',
      );
    }
  }

  // Titles each author already has, then publish in the catalogue's order so feeds interleave.
  const existingTitles = new Map<string, Set<string>>();
  for (const user of DEMO_USERS) {
    const session = sessions.get(user.username)!;
    const page = expectOk(
      await call<{ items: Array<{ title: string }> }>(
        'GET',
        `/api/v1/users/${session.user.id}/videos?limit=50`,
      ),
      'listing videos',
    );
    existingTitles.set(user.username, new Set(page.items.map((v) => v.title)));
  }
  for (const video of DEMO_VIDEOS) {
    if (existingTitles.get(video.author)?.has(video.title)) continue;
    const body = {
      title: video.title,
      category: video.category,
      description: video.description,
      mediaUrl: `/media/${video.clip}.mp4`,
      coverUrl: `/media/${video.clip}.jpg`,
      durationSec: 3,
    };
    const session = sessions.get(video.author)!;
    expectOk(
      await call('POST', '/api/v1/videos', body, session.accessToken),
      `publishing "${video.title}"`,
    );
    result.videosPublished++;
  }
  return result;
}
