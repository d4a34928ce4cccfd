import Type from 'typebox';
import { IsoTime } from './common.ts';

/**
 * What an agency reports back on an incident or a ticket handed to it: 114's "xe đã xuất phát",
 * "đã đến hiện trường", "đã khống chế". In the order a response usually goes; any may be sent at
 * any time (a crew that cannot attend says so first).
 */
export const AGENCY_STATUSES = ['received', 'dispatched', 'en_route', 'on_scene', 'under_control', 'completed', 'need_support', 'cannot_attend'] as const;
export const AgencyStatus = Type.Enum(AGENCY_STATUSES);
export type AgencyStatus = Type.Static<typeof AgencyStatus>;

/** POST /api/incidents/{id}/agency-status and POST /api/tickets/{id}/agency-status (an `agency` API key, or a dispatcher relaying a call). */
export const AgencyStatusRequest = Type.Object(
  {
    status: AgencyStatus,
    /** The crew or station answering (e.g. "Đội CC&CNCH quận Hoàn Kiếm"). */
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** When the crew expects to be on scene. */
    eta: Type.Optional(IsoTime),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    /** When it happened at the agency; default: when received. */
    at: Type.Optional(IsoTime),
  },
  { additionalProperties: false },
);
export type AgencyStatusRequest = Type.Static<typeof AgencyStatusRequest>;
