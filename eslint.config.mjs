// Flat config for the whole monorepo. Two jobs: keep the architecture honest (Nx module
// boundaries by `scope:*` / `type:*` tags, framework-free contracts and domain, config read in
// one place) and catch the promise mistakes that bite in message handlers (type-aware rules).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const CONTEXTS = ['account', 'video', 'comment', 'like', 'push', 'gateway'];

/**
 * The architecture as lint rules (STYLE.md). Test files may also use `type:testing` harnesses
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
  ];
}

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
      // One AsyncLocalStorage per process (ADR 0009): request-scoped values are ContextSlots.
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:async_hooks', 'async_hooks'].map((name) => ({
            name,
            importNames: ['AsyncLocalStorage'],
            message: 'Use ContextSlot from @newsreel/shared-async-context: one async context per process.',
          })),
        },
      ],
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
    // Tests may use the testing harnesses, and looser typing around real clients' payloads.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'e2e/**/*.ts'],
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
