import Type from 'typebox';
import { IsoTime, Role } from './common.ts';
import { IncidentKind, Severity } from './incidents.ts';
import { Hotline } from './tickets.ts';
import { ContactPointName } from './contact-points.ts';

/**
 * Which incidents a route takes. Every listed field must match (AND); within a field any value
 * (OR); an absent or empty field matches everything. `lines` matches incidents about a hotline
 * ticket of that line (the emergency-line rule's incidents and incidents a ticket was linked to).
 */
export const RouteMatchers = Type.Object(
  {
    kinds: Type.Optional(Type.Array(IncidentKind, { uniqueItems: true })),
    severities: Type.Optional(Type.Array(Severity, { uniqueItems: true })),
    areas: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 200, uniqueItems: true })),
    lines: Type.Optional(Type.Array(Hotline, { uniqueItems: true })),
    ruleIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 200, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type RouteMatchers = Type.Static<typeof RouteMatchers>;

/** Local clock times ("22:00") in the center's time zone; a window may cross midnight. */
const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
export const QuietHours = Type.Object({ from: ClockTime, to: ClockTime }, { additionalProperties: false });
export type QuietHours = Type.Static<typeof QuietHours>;

const Ms = (max: number, description: string) => Type.Integer({ minimum: 0, maximum: max, description });

/** What incidents may be grouped by: one notification tells of every incident of a group. */
export const GROUP_BY_FIELDS = ['kind', 'severity', 'area', 'line', 'ruleId'] as const;
export const GroupByField = Type.Enum(GROUP_BY_FIELDS);
export type GroupByField = Type.Static<typeof GroupByField>;

export interface NotificationRoute {
  name?: string;
  matchers?: RouteMatchers;
  contactPoints?: string[];
  continue?: boolean;
  groupWaitMs?: number;
  groupBy?: GroupByField[];
  groupIntervalMs?: number;
  repeatIntervalMs?: number;
  sendResolved?: boolean;
  quietHours?: QuietHours;
  routes?: NotificationRoute[];
}

const routeFields = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  matchers: Type.Optional(RouteMatchers),
  contactPoints: Type.Optional(Type.Array(ContactPointName, { maxItems: 50, uniqueItems: true })),
  /** Keep looking at the next sibling after this route matched (Alertmanager's `continue`). */
  continue: Type.Optional(Type.Boolean()),
  groupWaitMs: Type.Optional(
    Ms(3_600_000, 'How long to wait after an incident opens before the first notification (it joins repeats of the same alarm); inherited.'),
  ),
  groupBy: Type.Optional(
    Type.Array(GroupByField, {
      uniqueItems: true,
      description:
        'Incidents with the same values of these fields are told of together: the first after the group wait, those that open later in one notification per group interval; inherited. Empty: each incident alone.',
    }),
  ),
  groupIntervalMs: Type.Optional(
    Ms(86_400_000, 'With groupBy: how long after a group was notified before its newer incidents are, together (default 5 minutes); inherited.'),
  ),
  repeatIntervalMs: Type.Optional(Ms(7 * 86_400_000, 'Notify again this often while the incident is still unacknowledged; 0 never; inherited.')),
  sendResolved: Type.Optional(Type.Boolean({ description: 'Also notify when the incident is resolved; inherited.' })),
  quietHours: Type.Optional(QuietHours),
};

/**
 * One node of the route tree (Alertmanager's model): an incident walks from the root into the
 * first child that matches (every matching child with `continue`), and is notified at the
 * deepest routes it reached. Timing settings are inherited from the parent unless set.
 * Quiet hours hold non-critical notifications until they end; critical ones are never held.
 */
export const NotificationRoute: Type.TSchema = Type.Cyclic(
  { Route: Type.Object({ ...routeFields, routes: Type.Optional(Type.Array(Type.Ref('Route'), { maxItems: 100 })) }, { additionalProperties: false }) },
  'Route',
);

/**
 * The notification policy (GET/PUT /api/notification-policy, admin): the route tree, and who an
 * escalation step pages: the contact points of the role the step names (fire alarm unacknowledged
 * 60 s → supervisor, 3 min → admin).
 */
export const NotificationPolicy = Type.Object(
  {
    root: NotificationRoute,
    escalation: Type.Optional(Type.Partial(Type.Record(Role, Type.Array(ContactPointName, { maxItems: 50, uniqueItems: true })))),
    /**
     * Who hears of a dispatch, by the unit an incident is dispatched to (`114`, `ward_staff`, a
     * named team): the agency's own system. A fire hand-off to 114 carries its record.
     */
    dispatch: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 120 }), Type.Array(ContactPointName, { maxItems: 50, uniqueItems: true }), { maxProperties: 100 }),
    ),
    /**
     * The contact of the building a fire panel belongs to (its registry's `contactPhone`) is told of
     * these kinds (default: fire alarms) through these `http_gateway` contact points (an SMS or Zalo
     * gateway), sent to the building's number instead of the contact point's own.
     */
    buildingContact: Type.Optional(
      Type.Object(
        {
          contactPoints: Type.Array(ContactPointName, { minItems: 1, maxItems: 10, uniqueItems: true }),
          kinds: Type.Optional(Type.Array(IncidentKind, { minItems: 1, uniqueItems: true })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export interface NotificationPolicy {
  root: NotificationRoute;
  escalation?: Partial<Record<Role, string[]>>;
  dispatch?: Record<string, string[]>;
  buildingContact?: { contactPoints: string[]; kinds?: IncidentKind[] };
}

export const StoredNotificationPolicy = Type.Object({
  policy: NotificationPolicy,
  updatedAt: Type.Union([IsoTime, Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});
export interface StoredNotificationPolicy {
  policy: NotificationPolicy;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The policy a fresh install starts with: nothing leaves the building until an admin says where. */
export const EMPTY_NOTIFICATION_POLICY: NotificationPolicy = { root: { groupWaitMs: 0, repeatIntervalMs: 0, sendResolved: true } };

/** GET /api/incidents/{id}/notification-routes: which routes an incident took and why (the "test policy" view). */
export const RouteMatch = Type.Object({
  /** Route names (or `#index`) from the root down. */
  path: Type.Array(Type.String()),
  matched: Type.Boolean(),
  /** Why: each matcher field with the incident's value and whether it matched. */
  reasons: Type.Array(
    Type.Object({ field: Type.String(), wanted: Type.Array(Type.String()), actual: Type.Union([Type.String(), Type.Null()]), ok: Type.Boolean() }),
  ),
  /** Set on the routes that notify: their contact points and the timing they inherited. */
  contactPoints: Type.Array(Type.String()),
  notifies: Type.Boolean(),
});
export type RouteMatch = Type.Static<typeof RouteMatch>;
export const PolicyTrace = Type.Object({ incidentId: Type.Integer(), line: Type.Union([Hotline, Type.Null()]), routes: Type.Array(RouteMatch) });
export type PolicyTrace = Type.Static<typeof PolicyTrace>;
