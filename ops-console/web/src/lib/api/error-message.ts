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
