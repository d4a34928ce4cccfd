import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import type { Pool } from '@cityops/db';
import { registerAuditTrail } from './audit-trail.ts';

describe('the audit trail', () => {
  it('refuses at start a supervisor or admin change that names no audit action', () => {
    const app = Fastify();
    registerAuditTrail(app, {} as Pool);
    expect(() => app.post('/api/things', { config: { access: 'admin' } }, async () => ({}))).toThrow(
      'POST /api/things is a admin change without an audit action',
    );
    expect(() => app.delete('/api/things/:id', { config: { access: 'supervisor' } }, async () => ({}))).toThrow(/without an audit action/);
    // Reads, and changes any dispatcher may make (on the incident's own timeline), need none.
    expect(() => app.get('/api/things', { config: { access: 'admin' } }, async () => ({}))).not.toThrow();
    expect(() => app.post('/api/incidents/:id/ack', { config: { access: 'dispatcher' } }, async () => ({}))).not.toThrow();
    expect(() => app.post('/api/things', { config: { access: 'admin', audit: 'thing.create' } }, async () => ({}))).not.toThrow();
  });

  it('keeps at most 20 refusals of one user a minute: a stolen session cannot grow the log at request rate', async () => {
    const inserted: unknown[][] = [];
    const pool = { query: async (_sql: string, args: unknown[]) => void inserted.push(args) } as unknown as Pool;
    const app = Fastify();
    app.decorateRequest('user', null);
    // What the sessions plugin does for a dispatcher on an admin route.
    app.addHook('onRequest', async (request, reply) => {
      request.user = { username: 'dispatcher', role: 'dispatcher' };
      return reply.code(403).send({ code: 'CITYOPS_AUTH_FORBIDDEN' });
    });
    registerAuditTrail(app, pool, () => 42 * 60_000);
    app.post('/api/things', { config: { access: 'admin', audit: 'thing.create' } }, async () => ({}));
    for (let i = 0; i < 50; i++) expect((await app.inject({ method: 'POST', url: '/api/things' })).statusCode).toBe(403);
    expect(inserted).toHaveLength(20);
    expect(inserted[0]).toEqual(expect.arrayContaining(['dispatcher', 'thing.create', 'refused']));
  });
});
