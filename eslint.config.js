// ESLint: TypeScript rules plus the import boundaries of house-style.md ("who may import whom").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ours = ['contracts', 'db', 'ingest-gateway', 'alerting', 'console-server', 'simulators', 'cli', 'web'];

/** Files in `dir` may import only the listed workspaces of ours (and never another's files by path). */
function boundary(dir, allowed) {
  const forbidden = ours.filter((w) => !allowed.includes(w));
  return {
    files: [`${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...(forbidden.length ? [{ group: forbidden.map((w) => `@cityops/${w}`), message: `${dir} may import only: ${allowed.join(', ') || 'nothing of ours'} (house-style.md).` }] : []),
          { group: ['../../*/src/**', '../../../*/src/**', '../../../../*/src/**'], message: 'Import another workspace by its package name, not by path.' },
        ],
      }],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '**/*.svelte', 'ops-console/web/public/**', '.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', Buffer: 'readonly', performance: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', window: 'readonly', document: 'readonly', fetch: 'readonly', requestAnimationFrame: 'readonly', cancelAnimationFrame: 'readonly', navigator: 'readonly', localStorage: 'readonly' } },
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
  boundary('ops-console/server', ['contracts', 'db', 'alerting']),
  boundary('ops-console/web', ['contracts']),
  boundary('simulators', ['contracts']),
  boundary('cli', ['contracts', 'db', 'ingest-gateway', 'alerting', 'console-server', 'simulators']),
  boundary('bench', ['contracts', 'db', 'ingest-gateway']),
  boundary('e2e', ['contracts']),
  // The browser reports failures it cannot show elsewhere to the developer console.
  { files: ['ops-console/web/**/*.ts'], rules: { 'no-console': ['error', { allow: ['error', 'warn'] }] } },
  // Programs that talk to a person on a terminal, and tests/benchmarks that print their figures.
  { files: ['cli/src/main.ts', 'simulators/src/main.ts', 'simulators/src/cli/**', 'bench/**', 'scripts/**', '**/*.test.ts', '**/scripts/**'], rules: { 'no-console': 'off' } },
);
