/** Runes everywhere (house style: Svelte 5 state in `*-manager.svelte.ts` classes), no legacy mode. */
export default {
  compilerOptions: { runes: true },
};
