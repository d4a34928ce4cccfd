import { describe, expect, it } from 'vitest';
import { isApiPath } from './api-path.ts';

describe('isApiPath', () => {
  it.each([
    '/api',
    '/api/',
    '/api/devices',
    '/API/devices',
    '/Api/devices',
    '/%61pi/devices',
    '/%2561pi/devices',
    '/x/../api/devices',
    '/./api/devices',
    '/x/%2e%2e/api/devices',
    '//api/devices',
    '/api%2fdevices',
    '/\\api/devices',
    '/open311/v2/requests.json',
    '/OPEN311/v2',
    '/api/devices?x=/y',
  ])('%s is under the API', (path) => expect(isApiPath(path)).toBe(true));

  it.each(['/', '/desk', '/wall', '/index.html', '/apiary', '/basemap/fonts/x.pbf', '/assets/api-client.js', '/metrics'])("%s is the web UI's", (path) =>
    expect(isApiPath(path)).toBe(false),
  );
});
