import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// One config, three projects: `unit` (*.spec.ts, fakes allowed), `int` (*.int-spec.ts, real
// Redis / SQL / brokers / gRPC servers) and `e2e` (*.e2e-spec.ts, real processes over HTTP).
// SWC compiles the tests so NestJS decorator metadata is emitted as in production builds.
const { compilerOptions } = JSON.parse(readFileSync('tsconfig.base.json', 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
// Longest first, so `@newsreel/x/testing` is not taken for `@newsreel/x` + `/testing`.
const alias = Object.entries(compilerOptions.paths)
  .sort(([a], [b]) => b.length - a.length)
  .map(([find, [target]]) => ({ find: new RegExp(`^${find}$`), replacement: resolve(target) }));
const swcPlugin = () =>
  swc.vite({
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
  });
const project = (name: string, include: string[], extra: Record<string, unknown> = {}) => ({
  plugins: [swcPlugin()],
  resolve: { alias },
  test: {
    name,
    include,
    exclude: ['node_modules/**', 'dist/**'],
    globals: true,
    environment: 'node',
    ...extra,
  },
});

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      project('unit', ['{apps,libs,tools}/**/*.spec.ts']),
      project('int', ['{apps,libs,tools}/**/*.int-spec.ts'], {
        testTimeout: 60_000,
        hookTimeout: 60_000,
      }),
      project('e2e', ['{apps,libs,tools}/**/*.e2e-spec.ts', 'e2e/**/*.e2e-spec.ts'], {
        testTimeout: 120_000,
        hookTimeout: 180_000,
        globalSetup: ['./e2e/global-setup.ts'],
        fileParallelism: false,
      }),
    ],
  },
});
