import { en } from './en.ts';
import { vi, type MessageKey } from './vi.ts';

export type { MessageKey };
export type Locale = 'vi' | 'en';
export type Dictionary = Readonly<Record<MessageKey, string>>;
export type Params = Readonly<Record<string, string | number>>;

/** Vietnamese first: operators read it; English is for visitors and vendors' engineers. */
export const DEFAULT_LOCALE: Locale = 'vi';
export const LOCALES: readonly Locale[] = ['vi', 'en'];
export const DICTIONARIES: Readonly<Record<Locale, Dictionary>> = { vi, en };

/** For Intl number formatting: Vietnamese writes 1.234,5; English 1,234.5. */
export const INTL_LOCALE: Readonly<Record<Locale, string>> = { vi: 'vi-VN', en: 'en-GB' };

/** Something to show an operator: one of our messages, or text from the server we cannot translate. */
export type Message = { key: MessageKey; params?: Params } | { text: string };

/** A stored or requested choice; anything unknown (or nothing) is the default. */
export function parseLocale(value: unknown): Locale {
  return LOCALES.includes(value as Locale) ? (value as Locale) : DEFAULT_LOCALE;
}

/** The message for `key`, `{name}` placeholders filled from `params` (left as is when missing). */
export function translate(dict: Dictionary, key: MessageKey, params?: Params): string {
  const template = dict[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

export function messageText(dict: Dictionary, message: Message): string {
  return 'text' in message ? message.text : translate(dict, message.key, message.params);
}

/** Groups of keys named after a contract enum (`status.alarm`, `severity.critical`, …). */
export type LabelGroup =
  | 'status'
  | 'severity'
  | 'state'
  | 'role'
  | 'kind'
  | 'incidentKind'
  | 'dispatchUnit'
  | 'buildingUsage'
  | 'ruleField'
  | 'contactPointType'
  | 'deliveryState'
  | 'notificationReason'
  | 'routeField';

/** A value from the server in the chosen language; one from a newer server than this build stays as sent. */
export function enumLabel(dict: Dictionary, group: LabelGroup, value: string): string {
  const key = `${group}.${value}`;
  return Object.hasOwn(dict, key) ? dict[key as MessageKey] : value;
}

/** The `{name}` placeholders of a template, sorted: both languages must use the same ones. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
