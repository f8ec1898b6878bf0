import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningPlatform, launchPlatform } from '@newsreel/dev-launcher';
import { type IsolatedPlatformEnv, isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { apiClient, publishVideo, registerUser } from './http-client';

// The web app and the learner console in a real browser (Debian's Chromium, driven by
// playwright-core) against the real platform: every click goes through the gateway to the
// services and back, notifications arrive over the SSE stream. Screenshots go to
// test-results/web/ (the README's come from there).
const ROOT = join(__dirname, '..');
const SHOTS = join(ROOT, 'test-results', 'web');
const CHROMIUM = '/usr/bin/chromium';
const ADMIN_PASSWORD = 'newsreel-admin-dev';

describe('web app and learner console in Chromium', () => {
  let platform: RunningPlatform;
  let isolated: IsolatedPlatformEnv;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;
  const contexts: BrowserContext[] = [];
  /** Console errors and CSP violations of every page: a strict policy must cost nothing. */
  const browserErrors: string[] = [];
  const unique = () => Math.random().toString(36).slice(2, 8);
  /** Waits for the page to catch up (a poll, a stream, a video): up to 15 s. */
  const eventually = <T>(read: () => Promise<T>) =>
    expect.poll(read, { timeout: 15_000, interval: 100 });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    isolated = await isolatedPlatformEnv({ label: 'web' });
    platform = await launchPlatform({ rootDir: ROOT, env: isolated.env });
    api = apiClient(platform.gatewayUrl);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await isolated?.cleanup();
  });

  afterEach(() => {
    const errors = browserErrors.splice(0);
    expect(errors).toEqual([]);
  });

  /** A fresh browser profile (its own localStorage: its own session), phone or desktop sized. */
  async function openPage(viewport = { width: 390, height: 844 }): Promise<Page> {
    const context = await browser.newContext({ viewport, baseURL: platform.gatewayUrl });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(message.text());
    });
    page.on('pageerror', (error) => browserErrors.push(error.message));
    return page;
  }

  async function registerInBrowser(page: Page, username: string): Promise<void> {
    await page.goto('/#/login');
    await page.getByRole('button', { name: 'New here? Create an account' }).click();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('correct horse');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
  }

  it('serves the pages with a strict CSP and no-cache, hashed assets immutable, API 404s as JSON', async () => {
    const index = await fetch(`${platform.gatewayUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script at all

    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${platform.gatewayUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const console = await fetch(`${platform.gatewayUrl}/console`, { redirect: 'manual' });
    expect(console.status).toBe(301);
    expect(console.headers.get('location')).toBe('/console/');
    expect(
      (await fetch(`${platform.gatewayUrl}/console/`)).headers.get('content-security-policy'),
    ).toBe(csp);

    const unknown = await api('GET', '/api/v1/no-such-route');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404 });
  });

  it('builds its API types from a snapshot that equals the OpenAPI document the gateway serves', async () => {
    const served = await (await fetch(`${platform.gatewayUrl}/docs/openapi.json`)).json();
    const snapshot = readFileSync(join(ROOT, 'apps/web/openapi.json'), 'utf8');
    // If this fails, the API changed: run `npm run web:api` and fix what no longer type-checks.
    expect(JSON.parse(snapshot)).toEqual(served);
    const check = execFileSync(process.execPath, ['apps/web/scripts/api-types.mjs', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(check).toContain('up to date');
  });

  it('a new user publishes; another likes, comments and follows; the bell shows each live, without reload', async () => {
    const author = await openPage();
    const authorName = `author_${unique()}`;
    await registerInBrowser(author, authorName);

    const title = `Harbour report ${unique()}`;
    await author.getByRole('link', { name: 'Publish' }).click();
    await author.getByLabel('Title').fill(title);
    await author.getByLabel('Category').selectOption('science');
    await author.getByLabel('Description').fill('Tides, filmed from the pier.');
    await author.getByLabel('Clip', { exact: true }).selectOption('clip-03');
    await author.getByRole('button', { name: 'Publish' }).click();
    const card = author.locator('article.video-card', { hasText: title });
    await card.waitFor();
    await author.evaluate(() => ((globalThis as any).sameDocument = true));

    const reader = await openPage({ width: 1280, height: 900 });
    await registerInBrowser(reader, `reader_${unique()}`);
    const readerCard = reader.locator('article.video-card', { hasText: title });
    await readerCard.getByRole('button', { name: /Like/ }).click();
    await eventually(() => readerCard.getByTestId('like-count').textContent()).toBe('1');
    await eventually(() =>
      readerCard.getByRole('button', { name: /Liked/ }).getAttribute('aria-pressed'),
    ).toBe('true');
    await readerCard.getByRole('button', { name: /Comments/ }).click();
    await readerCard.getByLabel('Add a comment').fill('Great footage');
    await readerCard.getByRole('button', { name: 'Send' }).click();
    await readerCard.getByText('Great footage').waitFor();

    // The reader follows the author from the profile page; the author's video is then in the
    // reader's following feed.
    await readerCard.getByRole('link', { name: `@${authorName}` }).click();
    await reader.getByRole('heading', { name: authorName }).waitFor();
    await reader.getByRole('button', { name: 'Follow' }).click();
    await eventually(() => reader.getByTestId('follower-count').textContent()).toBe('1 followers');
    await reader.getByRole('link', { name: 'Following', exact: true }).click();
    await reader.locator('article.video-card', { hasText: title }).waitFor();

    // The author's page, untouched since publishing: the stream delivered all three.
    await eventually(() => author.getByTestId('unread-count').textContent()).toBe('3');
    const items = author.locator('#notifications li');
    expect(await items.evaluateAll((li) => li.map((e) => e.getAttribute('data-type')))).toEqual([
      'follow',
      'comment',
      'like',
    ]);
    expect(await author.evaluate(() => (globalThis as any).sameDocument)).toBe(true);
    await author.getByRole('button', { name: 'Notifications' }).click();
    await eventually(() => items.nth(1).textContent()).toContain('commented on your video');
    await author.screenshot({ path: join(SHOTS, 'bell.png') });
  });

  it('plays the feed muted and filters it by category', async () => {
    const { token } = await registerUser(api, 'cat');
    const sports = `Cup final ${unique()}`;
    const tech = await publishVideo(api, token, `Chip fab ${unique()}`);
    const res = await api('POST', '/api/v1/videos', {
      token,
      body: {
        title: sports,
        category: 'sports',
        mediaUrl: '/media/clip-05.mp4',
        coverUrl: '/media/clip-05.jpg',
        durationSec: 3,
      },
    });
    expect(res.status).toBe(201);

    const page = await openPage();
    await page.goto('/');
    const first = page.locator('article.video-card video').first();
    await first.waitFor();
    await eventually(() =>
      first.evaluate((video: any) => !video.paused && video.muted && video.currentTime > 0),
    ).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'feed-phone.png') });

    await page
      .getByRole('navigation', { name: 'Categories' })
      .getByRole('link', { name: 'Sports' })
      .click();
    await page.locator('article.video-card', { hasText: sports }).waitFor();
    const categories = await page.locator('article.video-card .category').allTextContents();
    expect(new Set(categories)).toEqual(new Set(['sports']));
    expect(await page.locator(`article[data-video-id="${tech}"]`).count()).toBe(0);

    const desktop = await openPage({ width: 1280, height: 900 });
    await desktop.goto('/');
    await desktop.locator('article.video-card').first().waitFor();
    await desktop.screenshot({ path: join(SHOTS, 'feed-desktop.png') });
  });

  it('shows an API refusal as a message, not a blank page', async () => {
    const page = await openPage();
    await page.goto('/#/login');
    await page.getByLabel('Username').fill('nobody_here');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await eventually(() => page.getByRole('alert').textContent()).toMatch(/invalid|password/i);
    // A refused login answers 401, which the browser reports on the console: that one is expected.
    browserErrors.splice(0, browserErrors.length, ...browserErrors.filter((e) => !/401/.test(e)));
  });

  it('the console lists all six services up, changes a hot setting, and draws a trace as a waterfall', async () => {
    // Tall enough for every panel in one screenshot (a full-page shot repeats the sticky header).
    const page = await openPage({ width: 1280, height: 2700 });
    await page.goto('/console');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    const rows = page.locator('#registry tbody tr');
    await eventually(async () =>
      (await rows.evaluateAll((r) => r.map((e) => e.getAttribute('data-service')))).sort(),
    ).toEqual(['account', 'comment', 'gateway', 'like', 'push', 'video']);
    expect(
      new Set(await page.locator('#registry [data-testid="health"]').allTextContents()),
    ).toEqual(new Set(['up']));
    expect(await page.getByTestId('directory-source').textContent()).toBe('the registry');
    await page.getByTestId('config-version').waitFor();

    // A hot setting changed from the form reaches the centre (a new version) and the service.
    const version = Number((await page.getByTestId('config-version').textContent())?.split(' ')[1]);
    await page.getByLabel('Key').selectOption('comment.sensitiveWords');
    await page.getByLabel(/^Value/).fill('fake, hoax');
    await page.getByRole('button', { name: 'Apply' }).click();
    await eventually(() => page.getByRole('status').textContent()).toContain(
      `version ${version + 1}; applied live: comment.sensitiveWords`,
    );
    await eventually(() => page.getByTestId('config-version').textContent()).toBe(
      `version ${version + 1}`,
    );
    await eventually(() => page.locator('#config').textContent()).toContain('["fake","hoax"]');
    // comment-1 reports it applied the new version (its heartbeat of config status).
    await eventually(() =>
      page.locator('#config tbody tr', { hasText: 'comment-1' }).textContent(),
    ).toContain(`/ v${version + 1}`);

    // A trace across services (a like: gateway -> like), not one of the console's own reads.
    await page
      .locator('#traces tbody tr:not([data-services="1"])', {
        hasText: 'PUT /api/v1/videos/:id/like',
      })
      .getByRole('button')
      .first()
      .click();
    await eventually(() => page.locator('.waterfall li').count()).toBeGreaterThan(1);
    const services = await page
      .locator('.waterfall li')
      .evaluateAll((li) => li.map((e) => e.getAttribute('data-service')));
    // The like crosses processes: gateway -> like over RPC, like -> push over Kafka.
    expect(services).toEqual(expect.arrayContaining(['gateway', 'like', 'push']));
    await page.screenshot({ path: join(SHOTS, 'console.png') });
  });

  // Last: it takes an instance down for good.
  it('the console shows an instance killed through the launcher gone within the registry TTL', async () => {
    const page = await openPage({ width: 1280, height: 900 });
    await page.goto('/console');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    const likeRows = page.locator('#registry tbody tr[data-service="like"]');
    await eventually(() => likeRows.textContent()).toContain('like-1');

    await platform.kill('like-1');
    // The registry drops an instance that stopped heartbeating after its TTL (10 s); the console
    // polls every 2 s.
    await expect
      .poll(() => likeRows.textContent(), { timeout: 20_000, interval: 200 })
      .toContain('no instance registered');
    expect(await likeRows.textContent()).not.toContain('like-1');
    expect(await page.locator('#registry tbody tr[data-service="video"]').textContent()).toContain(
      'video-1',
    );
  });
});
