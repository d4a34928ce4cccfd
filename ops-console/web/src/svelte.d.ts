// tsc checks the .ts files; .svelte files are compiled (and their types stripped) by the Svelte plugin.
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<Record<string, unknown>>;
  export default component;
}
