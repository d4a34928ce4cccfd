/** Module hooks of no-typescript.mjs (they run on Node's loader thread). */

const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'tsx' || specifier.startsWith('tsx/')) {
    const err = new Error(`no tsx at run time: '${specifier}' imported from ${context.parentURL}`);
    err.code = 'ERR_MODULE_NOT_FOUND';
    throw err;
  }
  return nextResolve(specifier, context);
}

// On load, not on resolve: resolving a name to see where it leads (import.meta.resolve) loads nothing.
export async function load(url, context, nextLoad) {
  if (TYPESCRIPT.test(new URL(url).pathname)) throw new Error(`TypeScript at run time: ${url}`);
  return nextLoad(url, context);
}
