import Type from 'typebox';
import { IsoTime } from './common.ts';
import { IncidentKind } from './incidents.ts';

/**
 * Standard operating procedures: a checklist per incident kind, as data. The shipped lists are
 * sample procedures; supervisors replace a kind's list (PUT /api/sops/{kind}) or reset it.
 */
export const SopItem = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9_-]{1,40}$' }),
    text: Type.String({ minLength: 1, maxLength: 300 }),
    /** Resolving with a required item unticked is refused unless a supervisor overrides with a reason. */
    required: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SopItem = Type.Static<typeof SopItem>;

export const SopChecklist = Type.Object({
  kind: IncidentKind,
  items: Type.Array(SopItem),
  /** The shipped list (no supervisor has replaced it). */
  shipped: Type.Boolean(),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([IsoTime, Type.Null()]),
});
export type SopChecklist = Type.Static<typeof SopChecklist>;

/** GET /api/sops */
export const SopList = Type.Object({ items: Type.Array(SopChecklist) });
export type SopList = Type.Static<typeof SopList>;

/** PUT /api/sops/{kind} (supervisor+): the kind's whole list; ids unique within it. */
export const PutSopRequest = Type.Object({ items: Type.Array(SopItem, { maxItems: 30 }) }, { additionalProperties: false });
export type PutSopRequest = Type.Static<typeof PutSopRequest>;

/** POST /api/incidents/{id}/checklist/{item} (dispatcher+): tick or untick, with an optional note. */
export const ChecklistTickRequest = Type.Object(
  { done: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export type ChecklistTickRequest = Type.Static<typeof ChecklistTickRequest>;
