import type { Ticket } from '@cityops/contracts';
import type { MapDevice } from '../stores/device-index.ts';
import type { Office } from './queue-layer.ts';

/** What a click on the map opened in the details card. */
export type MapSelection = { type: 'device'; device: MapDevice } | { type: 'office'; office: Office } | { type: 'ticket'; ticket: Ticket };
