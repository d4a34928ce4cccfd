import { errorMessage } from '../api/error-message.ts';
import type { Message } from '../i18n/translate.ts';

/**
 * What an administration tab shows about its last call: busy while one runs, then the outcome —
 * a message on success, the server's refusal in the operator's language otherwise.
 */
export class TabStatus {
  busy = $state(false);
  error = $state.raw<Message | null>(null);
  done = $state.raw<Message | null>(null);

  /** A read: its answer, or undefined with the error shown. */
  async load<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      const answer = await call();
      this.error = null;
      return answer;
    } catch (err) {
      this.error = errorMessage(err);
      return undefined;
    }
  }

  /**
   * A change: the last outcome cleared, then `then` with the answer (reload, re-open the form) and
   * `message` (if any) shown after it; on failure the error, and `refused` may read the problem (field errors).
   * One at a time: a second call while one runs does nothing.
   */
  async run<T>(
    call: () => Promise<T>,
    message: Message | null,
    then?: (answer: T) => Promise<void> | void,
    refused?: (err: unknown) => void,
  ): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = null;
    this.done = null;
    try {
      const answer = await call();
      await then?.(answer);
      this.done = message;
      return true;
    } catch (err) {
      refused?.(err);
      this.error = errorMessage(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  clear(): void {
    this.error = null;
    this.done = null;
  }
}
