#!/usr/bin/env node
// `cityops`: the compiled CLI (cli/dist, `npm run build`) or the TypeScript sources through tsx's
// loader (Node 20 has no type stripping).
//  - Compiled when this process already resolves our packages to their builds (`node
//    --conditions=cityops-dist`), or when tsx is not installed (a production install, as in the image).
//  - Otherwise from source, as in development: a build left over from before an edit never runs by
//    surprise.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const compiled = new URL('../dist/main.js', import.meta.url);

async function loadTsx() {
  try {
    return await import('tsx/esm/api');
  } catch (err) {
    if (err?.code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

if (import.meta.resolve('@cityops/contracts').endsWith('/dist/index.js')) {
  await import(compiled.href);
} else {
  const tsx = await loadTsx();
  if (tsx) {
    tsx.register();
    await import('../src/main.ts');
  } else if (existsSync(compiled)) {
    // The condition the command line did not give, as a resolve hook: every import of ours from here on
    // resolves to the builds.
    register('./dist-condition.mjs', import.meta.url);
    await import(compiled.href);
  } else {
    process.stderr.write('cityops: neither a build (cli/dist/main.js: run npm run build) nor tsx to run the sources\n');
    process.exit(1);
  }
}
