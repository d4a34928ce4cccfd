import type { LoginResponse, SessionUser } from '@cityops/contracts';
import { errorMessage } from '../api/error-message.ts';
import { ApiError, createApi, type Api, type FetchLike } from '../api/http.ts';
import type { Message } from '../i18n/translate.ts';

export type SessionPhase = 'checking' | 'signed-out' | 'signed-in';

/** Who is signed in. The cookie itself is HttpOnly: we learn about it only through /api/auth/*. */
export class SessionManager {
  phase = $state<SessionPhase>('checking');
  user = $state.raw<SessionUser | null>(null);
  /** Shown on the sign-in page, e.g. after the session expired. */
  notice = $state.raw<Message | null>(null);
  readonly api: Api;

  constructor(fetchFn: FetchLike) {
    this.api = createApi(fetchFn, () => this.expire());
  }

  /** At load, and when the realtime link is refused: is the cookie still good? */
  async check(): Promise<void> {
    try {
      const { user } = await this.api.get<LoginResponse>('/api/auth/me');
      this.#signIn(user);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.#signOut(this.phase === 'signed-in' ? EXPIRED : null);
      // Server unreachable at load: show sign-in with the reason rather than a blank page.
      else if (this.phase === 'checking') this.#signOut(errorMessage(err));
    }
  }

  /** Returns the message to show, or null when signed in. */
  async login(username: string, password: string): Promise<Message | null> {
    try {
      const { user } = await this.api.post<LoginResponse>('/api/auth/login', { username, password });
      this.#signIn(user);
      return null;
    } catch (err) {
      return errorMessage(err);
    }
  }

  async logout(): Promise<void> {
    try {
      await this.api.post('/api/auth/logout');
    } catch (err) {
      // Signing out locally is still right; the server session ends when it expires.
      console.error('cityops: logout failed', err);
    }
    this.#signOut(null);
  }

  expire(): void {
    if (this.phase === 'signed-in') this.#signOut(EXPIRED);
  }

  #signIn(user: SessionUser): void {
    this.user = user;
    this.notice = null;
    this.phase = 'signed-in';
  }

  #signOut(notice: Message | null): void {
    this.user = null;
    this.notice = notice;
    this.phase = 'signed-out';
  }
}

const EXPIRED: Message = { key: 'error.expired' };
