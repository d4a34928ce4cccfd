import { createContext } from 'svelte';
import {
  DICTIONARIES,
  enumLabel,
  messageText,
  parseLocale,
  translate,
  type Dictionary,
  type LabelGroup,
  type Locale,
  type Message,
  type MessageKey,
  type Params,
} from './translate.ts';

/** Where the choice is kept between visits; a wall PC keeps its language across restarts. */
export const LOCALE_STORAGE_KEY = 'cityops.locale';

/** The part of `localStorage` used here; null where there is none. */
export type LocaleStorage = Pick<Storage, 'getItem' | 'setItem'> | null;

/**
 * The interface language, Vietnamese by default, English on request. Components read `t`, `label`
 * and `message`, which follow `locale` reactively. Shared through `setLocaleContext` by App.svelte.
 */
export class LocaleManager {
  locale = $state<Locale>('vi');
  readonly #storage: LocaleStorage;

  constructor(storage: LocaleStorage) {
    this.#storage = storage;
    this.locale = parseLocale(safely(() => storage?.getItem(LOCALE_STORAGE_KEY)));
  }

  get dict(): Dictionary {
    return DICTIONARIES[this.locale];
  }

  set(locale: Locale): void {
    this.locale = locale;
    // Private browsing or a full quota: the choice then lasts only this visit.
    safely(() => this.#storage?.setItem(LOCALE_STORAGE_KEY, locale));
  }

  // Arrow properties, so templates can pass them around unbound.
  t = (key: MessageKey, params?: Params): string => translate(this.dict, key, params);
  label = (group: LabelGroup, value: string): string => enumLabel(this.dict, group, value);
  message = (message: Message): string => messageText(this.dict, message);
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** Storage for the browser: `localStorage` where it is allowed. */
export function browserStorage(): LocaleStorage {
  return safely(() => globalThis.localStorage) ?? null;
}

export const [getLocaleContext, setLocaleContext] = createContext<LocaleManager>();
