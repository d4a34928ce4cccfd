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
});
