import Type from 'typebox';
import { IsoTime } from '../http/common.ts';

/**
 * The milestones of a report a citizen who asked for updates is told of by e-mail. `in_progress`
 * is the unit's own business and would only add mail; `received` is what the filing app showed.
 */
export const CITIZEN_MILESTONES = ['forwarded', 'answered', 'closed'] as const;
export const CitizenMilestone = Type.Enum(CITIZEN_MILESTONES);
export type CitizenMilestone = Type.Static<typeof CitizenMilestone>;

/**
 * One e-mail to a citizen about their report, written when it is planned so that every retry sends
 * the same words. It names no person: the address is read from the report at each attempt, and the
 * text says only what the public status page says.
 */
export const CitizenUpdateMail = Type.Object({
  version: Type.Literal(1),
  idempotencyKey: Type.String(),
  ticketId: Type.Integer(),
  milestone: CitizenMilestone,
  /** When the report reached the milestone. */
  at: IsoTime,
  /** The public status page of this one report (`/status/{token}`). */
  statusUrl: Type.String(),
  subject: Type.String(),
  text: Type.String(),
});
export type CitizenUpdateMail = Type.Static<typeof CitizenUpdateMail>;

/**
 * What the public status page of one report shows: its number, what kind of problem, where it is in
 * its life and who handles it, and the unit's answer. Not the description, the address, the caller,
 * or the names of the staff who handled it: any of them may identify a person.
 */
export const PublicReportStatus = Type.Object({
  ticketId: Type.Integer(),
  /** The category's name on its line (Vietnamese). */
  category: Type.String(),
  state: Type.Enum(['received', 'forwarded', 'in_progress', 'answered', 'closed'] as const),
  receivedAt: IsoTime,
  updatedAt: IsoTime,
  /** The unit it was forwarded to. */
  unit: Type.Union([Type.String(), Type.Null()]),
  /** When the city promises an answer (1022: five days), while unanswered. */
  answerDueAt: Type.Union([IsoTime, Type.Null()]),
  /** The note written when it was answered. */
  answer: Type.Union([Type.String(), Type.Null()]),
  /** The states it went through, oldest first, without who moved it. */
  steps: Type.Array(Type.Object({ state: Type.String(), at: IsoTime, unit: Type.Union([Type.String(), Type.Null()]) })),
  /** Whether e-mail updates are still on. */
  updatesOn: Type.Boolean(),
});
export type PublicReportStatus = Type.Static<typeof PublicReportStatus>;
