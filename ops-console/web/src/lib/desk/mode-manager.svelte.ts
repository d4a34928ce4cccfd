import type { Role } from '@cityops/contracts';
import type { LocaleStorage } from '../i18n/locale-manager.svelte.ts';
import { MODE_STORAGE_KEY, resolveMode, searchWithMode, type Mode } from './mode.ts';

/** The page's address, as far as the mode is concerned (window.location and history in the browser). */
export interface ModeLocation {
  search: string;
  replaceSearch(search: string): void;
}

export function browserLocation(): ModeLocation {
  return {
    get search() {
      return window.location.search;
    },
    replaceSearch(search) {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway address for history.replaceState, never read reactively
      const url = new URL(window.location.href);
      url.search = search;
      window.history.replaceState(window.history.state, '', url);
    },
  };
}

/** Wall or desk: `?mode=` wins, then the remembered choice, then the role's default. */
export class ModeManager {
  mode = $state<Mode>('desk');
  readonly #storage: LocaleStorage;
  readonly #location: ModeLocation;

  constructor(storage: LocaleStorage, location: ModeLocation, role: Role) {
    this.#storage = storage;
    this.#location = location;
    this.mode = resolveMode({ search: location.search, stored: safely(() => storage?.getItem(MODE_STORAGE_KEY)), role });
  }

  set(mode: Mode): void {
    this.mode = mode;
    safely(() => this.#storage?.setItem(MODE_STORAGE_KEY, mode));
    // A `?mode=` in the address would undo the switch on the next reload: it follows the switch.
    const search = searchWithMode(this.#location.search, mode);
    if (search !== this.#location.search) this.#location.replaceSearch(search);
  }
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
