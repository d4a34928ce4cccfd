import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { AuditOutcome } from '@cityops/contracts';
import { appendAudit, type AuditRecord, type Pool } from '@cityops/db';
import { RefusalBudget } from './refusal-budget.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The audit action of a supervisor or admin route that changes something (`rule.update`).
     * Such a route without one stops the server at start: no action of theirs goes unrecorded.
     */
    audit?: string;
  }
  interface FastifyRequest {
    /** The state before the change, set by the handler that read it. */
    auditBefore?: unknown;
    /** What the change was made to, when the path's parameters do not say it. */
    auditTarget?: string;
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const PRIVILEGED = new Set(['supervisor', 'admin']);
/** Refusals recorded per signed-in user per minute (refusal-budget.ts). */
const REFUSALS_PER_MINUTE = 20;

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'succeeded';
  return status === 401 || status === 403 ? 'refused' : 'failed';
}

/** The route's own word, else its path parameters, else the id of what a create answered with. */
function targetOf(request: FastifyRequest, body: unknown): string | null {
  if (request.auditTarget !== undefined) return request.auditTarget;
  const params = Object.values((request.params ?? {}) as Record<string, unknown>).map(String);
  if (params.length > 0) return params.join('/');
  const id = body !== null && typeof body === 'object' ? (body as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

function bodyOf(reply: FastifyReply, payload: unknown): unknown {
  if (typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').includes('json')) return null;
  try {
    return JSON.parse(payload);
  } catch {
    return null;
  }
}

export interface AuditTrail {
  /** Records one entry; a failure is logged, never thrown into the caller's answer. */
  record(request: FastifyRequest | null, entry: AuditRecord): Promise<void>;
}

/**
 * Every supervisor and admin change, recorded after it is answered: who, from where, what, to
 * which target, the outcome, the state before (when the handler read it) and after (the answer,
 * with secrets blanked). Refusals are kept only for signed-in callers, so anonymous probing cannot
 * fill the log. The entry is written after the change committed: an outage of the database between
 * the two loses the entry (logged as an error), never the change.
 */
export function registerAuditTrail(app: FastifyInstance, pool: Pool, now: () => number = Date.now): AuditTrail {
  const refusals = new RefusalBudget(REFUSALS_PER_MINUTE);
  const trail: AuditTrail = {
    async record(request, entry) {
      try {
        await appendAudit(pool, entry);
      } catch (err) {
        (request?.log ?? app.log).error({ err, action: entry.action }, 'audit entry not written');
      }
    },
  };

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = [route.method].flat();
    const access = route.config?.access;
    if (access && PRIVILEGED.has(access) && methods.some((m) => !READS.has(m)) && !route.config?.audit)
      throw new Error(`${methods.join(',')} ${route.url} is a ${access} change without an audit action`);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const action = request.routeOptions.config?.audit;
    if (!action || READS.has(request.method)) return payload;
    const outcome = outcomeOf(reply.statusCode);
    if (outcome === 'refused') {
      if (!request.user) return payload;
      const budget = refusals.take(request.user.username, now());
      if (!budget.record) {
        // Once per hundred dropped: enough to see the flood in the log without becoming one.
        if (budget.dropped % 100 === 1) request.log.warn({ username: request.user.username, dropped: budget.dropped }, 'refusals over the audit budget');
        return payload;
      }
    }
    const body = bodyOf(reply, payload);
    await trail.record(request, {
      actor: request.user?.username ?? null,
      action,
      target: targetOf(request, outcome === 'succeeded' ? body : null),
      outcome,
      address: request.ip,
      before: request.auditBefore ?? null,
      after: outcome === 'succeeded' ? body : { status: reply.statusCode, problem: body },
    });
    return payload;
  });
  return trail;
}
