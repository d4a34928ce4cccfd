import { expect } from 'vitest';

/** Signs in to a running console and returns a caller for its REST API as that user (cookie and Origin of its own page). */
export async function consoleSession(consoleUrl: string, username: string, password: string) {
  const login = await fetch(`${consoleUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  return async (method: string, path: string, body?: object) => {
    const res = await fetch(`${consoleUrl}${path}`, {
      method,
      headers: { cookie, origin: consoleUrl, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
}
