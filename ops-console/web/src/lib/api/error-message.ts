import { DICTIONARIES, type Message, type MessageKey } from '../i18n/translate.ts';
import { ApiError } from './http.ts';

/**
 * What to tell an operator about a failed call, in their language: a coded problem by its code
 * (the server's titles are English), an uncoded one as the server wrote it, no answer as such.
 */
export function errorMessage(err: unknown): Message {
  if (!(err instanceof ApiError)) return { key: 'error.network' };
  const key = `problem.${err.problem?.code}`;
  if (Object.hasOwn(DICTIONARIES.vi, key)) return { key: key as MessageKey };
  if (err.problem) return { text: err.operatorMessage };
  return { key: 'error.unavailable', params: { status: err.status } };
}

export interface FieldError {
  path: string;
  message: string;
}

/**
 * The field errors a refusal carries (`errors: [{path, message}]`, e.g. a rule's or the notification
 * policy's): each names the field by JSON pointer. None for other failures or malformed entries.
 */
export function problemErrors(err: unknown): FieldError[] {
  if (!(err instanceof ApiError)) return [];
  const errors = (err.problem as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter((e): e is FieldError => typeof e?.path === 'string' && typeof e?.message === 'string').map(({ path, message }) => ({ path, message }));
}

/** Field errors one line each: where (a JSON pointer; `/` for the whole body) and what. */
export function errorLines(errors: readonly FieldError[]): string[] {
  return errors.map((e) => `${e.path || '/'}: ${e.message}`);
}
