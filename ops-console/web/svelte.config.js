/** Runes everywhere, no legacy mode: one reactivity model in every component (state in `*-manager.svelte.ts` classes). */
export default {
  compilerOptions: { runes: true },
};
