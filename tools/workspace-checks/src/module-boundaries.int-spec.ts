import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnvironment } from '@newsreel/shared-config';
import { ESLint } from 'eslint';

// The architecture rules of docs/architecture.md are enforced by lint; these cases prove the rules are
// live (a skipped rule, e.g. when Nx has no project graph, would let them all pass).
const root = join(__dirname, '..', '..', '..');

async function lintAs(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

// A context nobody listed anywhere: the lint config must find it from its project.json alone.
const scratchRoot = join(root, 'libs', 'ratings');
const scratchLib = join(scratchRoot, 'feature');

function computeProjectGraph(): void {
  // The boundary rule reads Nx's project graph; make sure it is computed, as `npm run lint` does.
  execFileSync(process.execPath, [require.resolve('nx/bin/nx'), 'show', 'projects'], {
    cwd: root,
    env: childEnvironment({ NX_DAEMON: 'false' }),
    stdio: 'ignore',
  });
}

describe('module boundaries', () => {
  beforeAll(() => {
    mkdirSync(join(scratchLib, 'src'), { recursive: true });
    writeFileSync(
      join(scratchLib, 'project.json'),
      JSON.stringify({ name: 'ratings-feature', tags: ['scope:ratings', 'type:feature'] }),
    );
    writeFileSync(join(scratchLib, 'src', 'index.ts'), 'export const ratings = 1;\n');
    computeProjectGraph();
  });

  afterAll(() => {
    rmSync(scratchRoot, { recursive: true, force: true });
    computeProjectGraph();
  });

  it('accepts an app importing its own contract and the platform', async () => {
    const messages = await lintAs(
      'apps/video/src/app.module.ts',
      "import { VideoContract } from '@newsreel/video-contracts';\nimport { PlatformModule } from '@newsreel/shared-platform';\nexport const x = [VideoContract, PlatformModule];\n",
    );
    expect(messages).toEqual([]);
  });

  it("refuses reaching into another context's app by path", async () => {
    const messages = await lintAs(
      'apps/video/src/app.module.ts',
      "import { AppModule } from '../../account/src/app.module';\nexport const x = AppModule;\n",
    );
    expect(messages).toEqual([
      '@nx/enforce-module-boundaries: Projects cannot be imported by a relative or absolute path, and must begin with a npm scope',
    ]);
  });

  it('refuses a shared lib depending on a context', async () => {
    const messages = await lintAs(
      'libs/shared/config/src/index.ts',
      "import { VideoContract } from '@newsreel/video-contracts';\nexport const x = VideoContract;\n",
    );
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries: A project tagged with "scope:shared" can only depend on libs tagged with "scope:shared"/);
  });

  it('refuses a contracts lib depending on a platform lib or a framework', async () => {
    const messages = await lintAs(
      'libs/video/contracts/src/index.ts',
      "import { Injectable } from '@nestjs/common';\nimport { RpcClient } from '@newsreel/shared-rpc';\nexport const x = [Injectable, RpcClient];\n",
    );
    const text = messages.join('\n');
    expect(text).toMatch(/A project tagged with "type:contracts" can only depend on libs tagged with "type:contracts"/);
    expect(text).toContain('A project tagged with "type:contracts" is not allowed to import "@nestjs/common"');
  });

  it("refuses a context found only in the workspace reaching into another context's internals", async () => {
    const messages = await lintAs(
      'libs/ratings/feature/src/index.ts',
      "import * as accounts from '@newsreel/account-domain';\nimport { VideoDataAccessModule } from '@newsreel/video-data-access';\nexport const x = [accounts, VideoDataAccessModule];\n",
    );
    const refusals = messages.filter((m) =>
      m.includes('A project tagged with "scope:ratings" can only depend on libs tagged with "scope:ratings", "scope:shared", "type:contracts"'),
    );
    expect(refusals).toHaveLength(2);
  });

  it('refuses production code importing a testing entry point, and lets tests do it', async () => {
    const fake = "import { InMemoryVideoRepository } from '@newsreel/video-domain/testing';\nexport const x = InMemoryVideoRepository;\n";
    const refusal = 'no-restricted-imports: \'@newsreel/video-domain/testing\' import is restricted from being used by a pattern. Testing entry points (fakes, harnesses) are for tests and testing libs only.';
    expect(await lintAs('libs/video/feature/src/video-feature.module.ts', fake)).toContain(refusal);
    const relative = await lintAs(
      'libs/shared/discovery/src/discovery.module.ts',
      "import * as fakes from './testing';\nexport const x = fakes;\n",
    );
    expect(relative.join('\n')).toContain("no-restricted-imports: './testing' import is restricted");
    const spec = await lintAs('libs/video/feature/src/video-feature.module.spec.ts', fake);
    expect(spec.filter((m) => m.startsWith('no-restricted-imports'))).toEqual([]);
  });

  // Pairs with no path back, so the rule reports the layer rather than a dependency cycle.
  it('refuses a shared lib importing from a layer above its own', async () => {
    const fromCore = await lintAs(
      'libs/shared/auth/src/index.ts',
      "import { PlatformModule } from '@newsreel/shared-platform';\nexport const x = PlatformModule;\n",
    );
    expect(fromCore.join('\n')).toContain(
      'A project tagged with "layer:core" can only depend on libs tagged with "layer:core"',
    );
    const fromConfig = await lintAs(
      'libs/shared/config/src/index.ts',
      "import * as limits from '@newsreel/shared-limits';\nexport const x = limits;\n",
    );
    expect(fromConfig.join('\n')).toContain(
      'A project tagged with "layer:config" can only depend on libs tagged with "layer:core", "layer:config"',
    );
  });

  it('refuses reading process.env outside the config lib', async () => {
    const messages = await lintAs('apps/video/src/main.ts', 'export const port = process.env.PORT;\n');
    expect(messages.join('\n')).toContain('no-restricted-properties');
  });

  it('refuses an AsyncLocalStorage of its own: one async context per process', async () => {
    const messages = await lintAs(
      'libs/shared/rpc/src/rpc-context.ts',
      "import { AsyncLocalStorage } from 'node:async_hooks';\nexport const store = new AsyncLocalStorage<string>();\n",
    );
    expect(messages.join('\n')).toContain(
      "no-restricted-imports: 'AsyncLocalStorage' import from 'node:async_hooks' is restricted",
    );
  });

  it('refuses a floating promise', async () => {
    const messages = await lintAs(
      'apps/video/src/main.ts',
      'async function work(): Promise<void> {}\nexport function run(): void {\n  work();\n}\n',
    );
    expect(messages.join('\n')).toContain('@typescript-eslint/no-floating-promises');
  });
});
