#!/usr/bin/env node
/**
 * The production build of the server-side workspaces (`npm run build`): TypeScript compiled to
 * JavaScript, so production runs plain Node without tsx or the compiler.
 *
 *   node scripts/build.mjs        type-checks and emits every `<workspace>/src` of tsconfig.build.json
 *                                 (tests and testing/ folders left out) into `<workspace>/dist`
 *
 * One compiler run over all of them (one type-check of the whole graph), emitted under .build/ and
 * then moved: `<workspace>/dist` mirrors `<workspace>/src` at the same depth, so the modules that
 * find files beside them through import.meta (migrations, sample data, the web build, package.json)
 * find the same ones. Relative imports are rewritten from `.ts` to `.js` by the compiler; imports of
 * another workspace resolve to its dist under the `cityops-dist` export condition:
 *
 *   node --conditions=cityops-dist cli/dist/main.js start
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const emitDir = join(root, '.build', 'tsc');

/** The workspaces the build compiles: tsconfig.build.json's `include`, each `<workspace>/src`. */
export function builtWorkspaces() {
  const { include } = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'));
  return include.map((src) => {
    if (!src.endsWith('/src')) throw new Error(`tsconfig.build.json: include ${src} is not a workspace's src folder`);
    return src.slice(0, -'/src'.length);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const workspaces = builtWorkspaces();
  rmSync(emitDir, { recursive: true, force: true });
  for (const ws of workspaces) rmSync(join(root, ws, 'dist'), { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  } catch {
    process.stderr.write('build: the compiler reported errors (above)\n');
    process.exit(1);
  }
  for (const ws of workspaces) {
    const emitted = join(emitDir, ws, 'src');
    if (!existsSync(emitted)) throw new Error(`build: nothing was emitted for ${ws}`);
    renameSync(emitted, join(root, ws, 'dist'));
  }
  rmSync(join(root, '.build'), { recursive: true, force: true });
  process.stdout.write(`build: ${workspaces.map((ws) => `${ws}/dist`).join(', ')} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
