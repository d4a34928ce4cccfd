import Type from 'typebox';

/** A reader of the event log: how far behind the newest event it is. */
export const ReaderLag = Type.Object({
  /** Events logged that it has not read yet. */
  behind: Type.Integer({ minimum: 0 }),
  /** Age of the oldest of those, in seconds; 0 when it is caught up. */
  lagSeconds: Type.Number({ minimum: 0 }),
});
export type ReaderLag = Type.Static<typeof ReaderLag>;

/**
 * Readiness: 200 and "ok" only when the database and broker answer, ingest commits what it has
 * received, and the event-log readers keep up; otherwise 503 and "degraded", with `problems` in
 * words an operator can act on.
 */
export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  broker: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  /** "stalled": messages are waiting and nothing was committed for a while. */
  ingest: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('stalled')])),
  /** Messages received by this process's gateway and not yet committed. */
  ingestPending: Type.Optional(Type.Integer({ minimum: 0 })),
  readers: Type.Optional(Type.Record(Type.String(), ReaderLag)),
  problems: Type.Optional(Type.Array(Type.String())),
  timescale: Type.Boolean(),
  version: Type.String(),
});
export type Health = Type.Static<typeof Health>;
