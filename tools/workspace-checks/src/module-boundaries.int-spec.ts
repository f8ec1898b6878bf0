import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { childEnvironment } from '@newsreel/shared-config';
import { ESLint } from 'eslint';

// The architecture rules of STYLE.md are enforced by lint; these cases prove the rules are
// live (a skipped rule, e.g. when Nx has no project graph, would let them all pass).
const root = join(__dirname, '..', '..', '..');

async function lintAs(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  beforeAll(() => {
    // The boundary rule reads Nx's project graph; make sure it is computed, as `npm run lint` does.
    execFileSync(process.execPath, [require.resolve('nx/bin/nx'), 'show', 'projects'], {
      cwd: root,
      env: childEnvironment({ NX_DAEMON: 'false' }),
      stdio: 'ignore',
    });
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
