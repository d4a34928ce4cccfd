import { enumLabel, type Dictionary } from '../i18n/translate.ts';

/** A dispatch unit by its name in the chosen language ("114 · Cứu hỏa…"); free text stays as typed. */
export function unitLabel(dict: Dictionary, assignee: string): string {
  return enumLabel(dict, 'dispatchUnit', assignee);
}
