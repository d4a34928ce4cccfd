import Type from 'typebox';
import { Latitude, Longitude } from '../mqtt/common.ts';
import { IsoTime } from './common.ts';

/** The city hotline 1022 and the emergency lines it is linked with: 113 police, 114 fire, 115 ambulance. */
export const HOTLINES = ['1022', '113', '114', '115'] as const;
export const Hotline = Type.Enum(HOTLINES);
export type Hotline = Type.Static<typeof Hotline>;

export const TICKET_STATES = ['received', 'forwarded', 'in_progress', 'answered', 'closed'] as const;
export const TicketState = Type.Enum(TICKET_STATES);
export type TicketState = Type.Static<typeof TicketState>;

/** POST /api/tickets — from the call-centre integration or a dispatcher (contract §4). */
export const CreateTicketRequest = Type.Object({
  line: Hotline,
  category: Type.String({ minLength: 1, maxLength: 64 }),
  description: Type.String({ minLength: 1, maxLength: 4000 }),
  lat: Latitude,
  lon: Longitude,
  address: Type.Optional(Type.String({ maxLength: 300 })),
  callerPhone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 .-]{3,20}$' })),
});
export type CreateTicketRequest = Type.Static<typeof CreateTicketRequest>;

export const Ticket = Type.Object({
  id: Type.Integer(),
  line: Hotline,
  category: Type.String(),
  description: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  address: Type.Union([Type.String(), Type.Null()]),
  state: TicketState,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Ticket = Type.Static<typeof Ticket>;

export const TransferTicketRequest = Type.Object({ line: Hotline, reason: Type.String({ minLength: 1, maxLength: 1000 }) });
export type TransferTicketRequest = Type.Static<typeof TransferTicketRequest>;
