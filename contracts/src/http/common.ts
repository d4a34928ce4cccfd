import Type from 'typebox';

export const ROLES = ['viewer', 'dispatcher', 'supervisor', 'admin'] as const;
export const Role = Type.Enum(ROLES);
export type Role = Type.Static<typeof Role>;

/** Roles include the ones before them (docs/api.md): a supervisor may do whatever a dispatcher may. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** RFC 9457 problem details with our stable `code`. */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  code: Type.String({ pattern: '^CITYOPS_[A-Z0-9_]+$' }),
});
export type Problem = Type.Static<typeof Problem>;

export const IsoTime = Type.String({ format: 'date-time' });

/**
 * The largest id, offset or sequence number the API takes. Rows are bigint, but a JavaScript
 * number is exact only up to here, and without a bound `1e40` or `1e309` (Infinity) would pass
 * the schema and fail in SQL.
 */
export const MAX_ROW_ID = Number.MAX_SAFE_INTEGER;
/** The id of a row (incident, ticket, silence, API key…) in a path. */
export const RowId = Type.Integer({ minimum: 1, maximum: MAX_ROW_ID });
