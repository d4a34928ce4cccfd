import { SESSION_COOKIE, type Incident, type IncidentList } from '@cityops/contracts';

/**
 * A signed-in REST client (the same API the browser uses), for setup and cross-checks. It sends the
 * console's own Origin, as the console's page does: the server refuses state changes that carry
 * the session cookie from any other origin, or from none.
 */
export class ApiClient {
  private readonly origin: string;

  private constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
  ) {
    this.origin = new URL(baseUrl).origin;
  }

  static async login(baseUrl: string, username: string, password: string): Promise<ApiClient> {
    const res = await fetch(new URL('/api/auth/login', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(baseUrl).origin },
      body: JSON.stringify({ username, password }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`POST /api/auth/login as ${username}: ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (!cookie) throw new Error(`POST /api/auth/login set no ${SESSION_COOKIE} cookie`);
    return new ApiClient(baseUrl, cookie);
  }

  async get<T>(path: string): Promise<T> {
    const res = await fetch(new URL(path, this.baseUrl), { headers: { cookie: this.cookie }, signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async post<T>(path: string): Promise<T> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      headers: { cookie: this.cookie, origin: this.origin },
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** A JSON request with a body (setup through the admin API); fails on any non-2xx answer. */
  async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body: unknown): Promise<T> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { cookie: this.cookie, origin: this.origin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  /** The status code of a bodiless POST (for checks that expect a refusal). */
  async postStatus(path: string): Promise<number> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      headers: { cookie: this.cookie, origin: this.origin },
      signal: AbortSignal.timeout(15_000),
    });
    await res.arrayBuffer();
    return res.status;
  }

  async incidents(state = 'active'): Promise<Incident[]> {
    return (await this.get<IncidentList>(`/api/incidents?state=${state}`)).items;
  }

  /** Polls until an incident of `deviceId` exists, or fails after `timeoutMs`. */
  async waitForIncident(deviceId: string, timeoutMs = 30_000, pollMs = 250): Promise<Incident> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.incidents()).find((i) => i.deviceId === deviceId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no incident for ${deviceId} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
