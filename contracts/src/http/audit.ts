import Type from 'typebox';
import { IsoTime, MAX_ROW_ID } from './common.ts';

/**
 * The audit log (GET /api/audit, admin): sign-ins with their address, sign-outs, and every
 * supervisor and admin action with the state before and after. Append-only; kept at least 400 days.
 */
export const AUDIT_OUTCOMES = ['succeeded', 'failed', 'refused'] as const;
export const AuditOutcome = Type.Enum(AUDIT_OUTCOMES);
export type AuditOutcome = Type.Static<typeof AuditOutcome>;

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: IsoTime,
  /** The signed-in user; for a failed sign-in the username that was tried; `cli` for the command line. */
  actor: Type.Union([Type.String(), Type.Null()]),
  /** What was done, e.g. `auth.sign_in`, `user.update`, `rule.update`, `silence.create`. */
  action: Type.String(),
  /** What it was done to, e.g. a username, a rule id, a silence id. */
  target: Type.Union([Type.String(), Type.Null()]),
  outcome: AuditOutcome,
  /** The client address as the console saw it (after CITYOPS_TRUSTED_PROXIES). */
  address: Type.Union([Type.String(), Type.Null()]),
  /** The state before and after; secrets (passwords, keys) never appear. */
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type AuditEntry = Type.Static<typeof AuditEntry>;

export const AuditQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    actor: Type.Optional(Type.String({ maxLength: 64 })),
    /** An action or the start of one: `auth.` gives every sign-in and sign-out. */
    action: Type.Optional(Type.String({ maxLength: 64 })),
    outcome: Type.Optional(AuditOutcome),
    /** Entries older than this id (the next page of a newest-first listing). */
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ROW_ID })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    format: Type.Optional(Type.Enum(['json', 'csv'] as const)),
  },
  { additionalProperties: false },
);
export type AuditQuery = Type.Static<typeof AuditQuery>;

export const AuditList = Type.Object({ items: Type.Array(AuditEntry), nextBefore: Type.Union([Type.Integer(), Type.Null()]) });
export type AuditList = Type.Static<typeof AuditList>;
