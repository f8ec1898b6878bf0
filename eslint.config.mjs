// Flat config for the whole monorepo. Two jobs: keep the architecture honest (Nx module
// boundaries by `scope:*` / `type:*` tags, framework-free contracts and domain, config read in
// one place) and catch the promise mistakes that bite in message handlers (type-aware rules).
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Every Nx project under apps/ and libs/: its root (relative, `/`-separated) and tags. */
function workspaceProjects(root) {
  const found = [];
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((entry) => entry.isFile() && entry.name === 'project.json')) {
      const { tags = [] } = JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8'));
      found.push({ root: relative(root, dir).split('\\').join('/'), tags });
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !['node_modules', 'src', 'dist'].includes(entry.name)) walk(join(dir, entry.name));
    }
  };
  for (const top of ['apps', 'libs']) walk(join(root, top));
  return found;
}

const PROJECTS = workspaceProjects(import.meta.dirname);

// The bounded contexts are whatever `scope:*` the projects carry (besides `scope:shared`): read
// from the workspace, so a new context is under the boundary rules from its first project.json.
const CONTEXTS = [
  ...new Set(
    PROJECTS.flatMap((p) => p.tags)
      .filter((tag) => tag.startsWith('scope:') && tag !== 'scope:shared')
      .map((tag) => tag.slice('scope:'.length)),
  ),
].sort();

// Shared libs in layers (docs/architecture.md), lowest first; a lib depends only on its own
// layer and the ones below (Nx still refuses cycles inside a layer):
//   core     no configuration: async-context, contracts, logging, health, auth, files, redis
//   config   validated configuration and the config centre (built on redis and files)
//   infra    what a service plugs in: tracing, discovery, rpc, metrics, persistence, messaging,
//            cache, limits
//   platform the composition root (shared-platform): wires everything for `forService`
// The testing harnesses (`layer:testing`, `type:testing`) sit above all of them.
const LAYERS = ['layer:core', 'layer:config', 'layer:infra', 'layer:platform', 'layer:testing'];

// Code that may import a `testing` entry point (fakes, harnesses): tests, the end-to-end suite,
// the testing libs and the testing entries themselves.
const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'e2e/**/*.ts'];
const TESTING_CODE = [
  ...TEST_FILES,
  '**/src/testing/**/*.ts',
  ...PROJECTS.filter((p) => p.tags.includes('type:testing')).map((p) => `${p.root}/**/*.ts`),
];

/**
 * The architecture as lint rules (docs/architecture.md). Test files may also use `type:testing` harnesses
 * and tools (the embedded Kafka broker); production code may not.
 */
function depConstraints({ tests }) {
  const testing = tests ? ['type:testing', 'type:tool'] : [];
  return [
    // Scope: a context reaches other contexts only through their contracts.
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    ...CONTEXTS.map((ctx) => ({
      sourceTag: `scope:${ctx}`,
      onlyDependOnLibsWithTags: [`scope:${ctx}`, 'scope:shared', 'type:contracts'],
    })),
    // Type: the layering inside a context.
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:domain', 'type:contracts', 'type:platform', ...testing] },
    { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:contracts', 'type:platform', ...testing] },
    { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:platform', ...testing] },
    { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', ...testing], bannedExternalImports: FRAMEWORKS },
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', ...testing], bannedExternalImports: FRAMEWORKS },
    { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', ...testing] },
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:tool', 'type:testing'] },
    // Tools (bench, load, chaos) start real pieces the way tests do, so they may use the harnesses.
    { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool', 'type:platform', 'type:contracts', 'type:testing'] },
    // Layer: shared libs import downwards only. Tests of a low layer may start higher pieces.
    ...(tests
      ? []
      : LAYERS.map((layer, i) => ({ sourceTag: layer, onlyDependOnLibsWithTags: LAYERS.slice(0, i + 1) }))),
  ];
}

/** One AsyncLocalStorage per process (ADR 0009): request-scoped values are ContextSlots. */
const ASYNC_LOCAL_STORAGE = ['node:async_hooks', 'async_hooks'].map((name) => ({
  name,
  importNames: ['AsyncLocalStorage'],
  message: 'Use ContextSlot from @newsreel/shared-async-context: one async context per process.',
}));

/** `@newsreel/<lib>/testing`, or a relative path into a `testing` folder. */
const TESTING_ENTRY = {
  regex: '^(@newsreel/[^/]+|\\.{1,2}(/[^/]+)*)/testing(/.*)?$',
  message: 'Testing entry points (fakes, harnesses) are for tests and testing libs only.',
};

const FRAMEWORKS = ['@nestjs/*', 'kafkajs', 'typeorm', '@grpc/*', 'ioredis', 'fastify', 'pino'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.nx/**', '.data/**', 'coverage/**', '**/*.mjs', '**/*.js', '*.mts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only libs/shared/config reads the environment; everything else gets typed config.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through @newsreel/shared-config.' },
      ],
      'no-restricted-imports': ['error', { paths: ASYNC_LOCAL_STORAGE, patterns: [TESTING_ENTRY] }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: depConstraints({ tests: false }),
        },
      ],
    },
  },
  {
    files: ['libs/shared/config/src/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: TESTING_CODE,
    rules: { 'no-restricted-imports': ['error', { paths: ASYNC_LOCAL_STORAGE }] },
  },
  {
    // Tests may use the testing harnesses, and looser typing around real clients' payloads.
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: depConstraints({ tests: true }) },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
