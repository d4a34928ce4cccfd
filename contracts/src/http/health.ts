import Type from 'typebox';

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  broker: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  timescale: Type.Boolean(),
  version: Type.String(),
});
export type Health = Type.Static<typeof Health>;
