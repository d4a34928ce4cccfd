import Type from 'typebox';

/**
 * The units a hotline ticket is forwarded to: communes and wards, city departments, and the
 * emergency lines' own services. A data file each deployment replaces (CITYOPS_UNITS_FILE); the
 * bundled one is a labelled sample.
 */
export const UNIT_KINDS = ['ward', 'department', 'emergency'] as const;
export const UnitKind = Type.Enum(UNIT_KINDS);
export type UnitKind = Type.Static<typeof UnitKind>;

export const UNIT_ID_PATTERN = '^[A-Za-z0-9_.-]{1,64}$';

export const ResponsibleUnit = Type.Object(
  {
    id: Type.String({ pattern: UNIT_ID_PATTERN }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: UnitKind,
    /** The registry's area code the unit covers (a ward), if any. */
    area: Type.Optional(Type.String({ maxLength: 64 })),
    /** A number the desk may call, shown beside the name. */
    phone: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type ResponsibleUnit = Type.Static<typeof ResponsibleUnit>;

/** The file's shape: `sample: true` marks illustrative data, shown as such at the desk. */
export const UnitsDirectoryFile = Type.Object(
  {
    sample: Type.Boolean(),
    source: Type.String({ minLength: 1, maxLength: 500 }),
    units: Type.Array(ResponsibleUnit, { minItems: 1, maxItems: 10_000 }),
  },
  { additionalProperties: false },
);
export type UnitsDirectoryFile = Type.Static<typeof UnitsDirectoryFile>;

/** GET /api/units */
export const UnitsResponse = Type.Object({ sample: Type.Boolean(), source: Type.String(), items: Type.Array(ResponsibleUnit) });
export type UnitsResponse = Type.Static<typeof UnitsResponse>;

/** The unit a ticket was last forwarded to, with its name as it was then (a later file may rename it). */
export const AssignedUnit = Type.Object({ id: Type.String(), name: Type.String() });
export type AssignedUnit = Type.Static<typeof AssignedUnit>;
