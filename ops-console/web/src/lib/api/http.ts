import type { Problem } from '@cityops/contracts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** A non-2xx answer, with the RFC 9457 problem details when the server sent them. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null) {
    super(problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** What to show an operator: the server's detail if any, else its title. */
  get operatorMessage(): string {
    return this.problem?.detail ?? this.problem?.title ?? this.message;
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  del<T>(path: string): Promise<T>;
}

/**
 * JSON over the console's HTTP API with the session cookie (same origin). `onUnauthorized` runs
 * when a call outside /api/auth/ is refused with 401: the session expired or was revoked.
 */
export function createApi(fetchFn: FetchLike, onUnauthorized: () => void = () => {}): Api {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    }
    const res = await fetchFn(path, init);
    const data = await readJson(res);
    if (res.ok) return data as T;
    if (res.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized();
    throw new ApiError(res.status, isProblem(data) ? data : null);
  }
  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
    patch: (path, body) => request('PATCH', path, body),
    del: (path) => request('DELETE', path),
  };
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && typeof (x as Problem).title === 'string' && typeof (x as Problem).status === 'number';
}
