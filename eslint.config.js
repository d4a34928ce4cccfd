// ESLint: TypeScript rules, Svelte rules for the web app, and the import boundaries between workspaces
// ("who may import whom").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import svelteConfig from './ops-console/web/svelte.config.js';

const web = 'ops-console/web';
/** Svelte components and rune modules: parsed by svelte-eslint-parser, their `<script lang="ts">` by typescript-eslint. */
const svelteFiles = [`${web}/**/*.svelte`, `${web}/**/*.svelte.ts`];

const ours = ['contracts', 'db', 'ingest-gateway', 'alerting', 'notifications', 'console-server', 'simulators', 'cli', 'web'];

/** Files in `dir` may import only the listed workspaces of ours (and never another's files by path). */
function boundary(dir, allowed) {
  const forbidden = ours.filter((w) => !allowed.includes(w));
  return {
    files: [`${dir}/**/*.ts`, `${dir}/**/*.svelte`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...(forbidden.length
              ? [{ group: forbidden.map((w) => `@cityops/${w}`), message: `${dir} may import only: ${allowed.join(', ') || 'nothing of ours'}.` }]
              : []),
            { group: ['../../*/src/**', '../../../*/src/**', '../../../../*/src/**'], message: 'Import another workspace by its package name, not by path.' },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.build/**', 'data/**', 'ops-console/web/public/**', '.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // The plugin's recommended set, confined to the web app (no other workspace has Svelte code).
  ...svelte.configs.recommended.map((config) => ({
    ...config,
    files: config.files ? config.files.map((f) => `${web}/**/${f.replace(/^\*\*\//, '')}`) : [`${web}/**`],
  })),
  // What typescript-eslint switches off for .ts files because the compiler checks it (no-undef among
  // them) holds for components too: svelte-check type-checks their scripts.
  { files: [`${web}/**/*.svelte`], rules: tseslint.configs.eslintRecommended.rules },
  {
    files: svelteFiles,
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
    // `let { … } = $props()` is Svelte's own idiom (bindable props must be `let`); the plugin's
    // prefer-const knows runes, the core rule does not.
    rules: { 'prefer-const': 'off', 'svelte/prefer-const': 'error' },
  },
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        requestAnimationFrame: 'readonly',
        cancelAnimationFrame: 'readonly',
        navigator: 'readonly',
        localStorage: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
    },
  },
  boundary('contracts', []),
  boundary('db', ['contracts']),
  boundary('ingest-gateway', ['contracts', 'db']),
  boundary('alerting', ['contracts', 'db']),
  boundary('notifications', ['contracts', 'db']),
  boundary('ops-console/server', ['contracts', 'db', 'alerting', 'notifications']),
  boundary('ops-console/web', ['contracts']),
  boundary('simulators', ['contracts']),
  boundary('cli', ['contracts', 'db', 'ingest-gateway', 'alerting', 'notifications', 'console-server', 'simulators']),
  boundary('bench', ['contracts', 'db', 'ingest-gateway', 'notifications', 'simulators']),
  boundary('e2e', ['contracts']),
  // Contracts' modules build TypeBox schemas as they load: one value import would bundle the validator
  // into the browser. The UI imports types; the constants it needs are restated in src/lib and pinned
  // to contracts by unit tests, which may import values.
  {
    files: [`${web}/**/*.ts`, `${web}/**/*.svelte`],
    ignores: [`${web}/**/*.test.ts`, `${web}/vite.config.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@cityops/contracts',
              allowTypeImports: true,
              message: 'The web app imports only types from contracts (import type); restate a constant in src/lib and pin it with a unit test.',
            },
          ],
          patterns: [{ group: ['@cityops/contracts/*'], allowTypeImports: true, message: 'The web app imports only types from contracts (import type).' }],
        },
      ],
    },
  },
  // The browser reports failures it cannot show elsewhere to the developer console.
  { files: [`${web}/**/*.ts`, `${web}/**/*.svelte`], rules: { 'no-console': ['error', { allow: ['error', 'warn'] }] } },
  // Programs that talk to a person on a terminal, and tests/benchmarks that print their figures.
  {
    files: ['cli/src/main.ts', 'simulators/src/main.ts', 'simulators/src/cli/**', 'bench/**', 'scripts/**', '**/*.test.ts', '**/scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
