import { describe, expect, it } from 'vitest';
import { ApiError, createApi, type FetchLike } from './http.ts';

function fakeFetch(status: number, body: unknown, type = 'application/json') {
  const calls: { path: string; init?: RequestInit }[] = [];
  const fetchFn: FetchLike = async (path, init) => {
    calls.push({ path, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': type } });
  };
  return { fetchFn, calls };
}

const problem = { type: 'about:blank', title: 'Wrong username or password', status: 401, code: 'CITYOPS_AUTH_INVALID_CREDENTIALS' };

describe('createApi', () => {
  it('posts JSON with the session cookie and returns the parsed body', async () => {
    const { fetchFn, calls } = fakeFetch(200, { user: { username: 'an', role: 'viewer' } });
    const api = createApi(fetchFn);
    await expect(api.post('/api/auth/login', { username: 'an', password: 'x' })).resolves.toEqual({ user: { username: 'an', role: 'viewer' } });
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.credentials).toBe('same-origin');
    expect(calls[0]?.init?.body).toBe('{"username":"an","password":"x"}');
    expect((calls[0]?.init?.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('throws ApiError carrying the problem details', async () => {
    const { fetchFn } = fakeFetch(401, problem, 'application/problem+json');
    const err = await createApi(fetchFn)
      .post('/api/auth/login', {})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect((err as ApiError).message).toBe('Wrong username or password');
    expect((err as ApiError).problem?.code).toBe('CITYOPS_AUTH_INVALID_CREDENTIALS');
  });

  it('prefers the detail for operators, for "already acknowledged by …"', () => {
    const e = new ApiError(409, {
      type: 'x',
      title: 'Incident already acknowledged by someone else',
      status: 409,
      detail: 'Already acknowledged by dispatcher',
      code: 'CITYOPS_INCIDENT_ALREADY_ACKNOWLEDGED',
    });
    expect(e.operatorMessage).toBe('Already acknowledged by dispatcher');
    expect(new ApiError(502, null).operatorMessage).toBe('HTTP 502');
  });

  it('reports an expired session outside /api/auth/ only', async () => {
    let expired = 0;
    const { fetchFn } = fakeFetch(401, { ...problem, code: 'CITYOPS_AUTH_REQUIRED' });
    const api = createApi(fetchFn, () => expired++);
    await api.get('/api/devices').catch(() => {});
    await api.get('/api/auth/me').catch(() => {});
    expect(expired).toBe(1);
  });

  it('survives an empty or non-JSON body', async () => {
    await expect(createApi(fakeFetch(204, undefined).fetchFn).post('/api/auth/logout')).resolves.toBeNull();
    const html: FetchLike = async () => new Response('<html>bad gateway</html>', { status: 502 });
    const err = (await createApi(html)
      .get('/api/devices')
      .catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(502);
    expect(err.problem).toBeNull();
  });
});
