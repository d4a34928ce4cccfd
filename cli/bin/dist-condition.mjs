// A module resolution hook (registered by cityops.mjs): resolves every package with the
// `cityops-dist` export condition, as `node --conditions=cityops-dist` would, so our workspaces load
// their compiled builds.
export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'cityops-dist'] });
}
