import type { ScatterplotLayer } from '@deck.gl/layers';
import type { Ticket } from '@cityops/contracts';
import type { Rgba } from './status-color.ts';
import { outlinedDots } from './outlined-dots.ts';

/** The deck.gl id of the hotline ticket dots. */
export const TICKET_LAYER_ID = 'tickets';

/** One colour per line: 1022 city hotline, 113 police, 114 fire, 115 ambulance. */
const LINE_COLORS: Record<string, Rgba> = {
  '1022': [26, 188, 156, 255],
  '113': [52, 152, 219, 255],
  '114': [255, 112, 67, 255],
  '115': [236, 64, 122, 255],
};

export function ticketColor(line: string): Rgba {
  return LINE_COLORS[line] ?? [200, 200, 200, 255];
}

export function ticketLayer(data: readonly Ticket[], visible = true): ScatterplotLayer<Ticket> {
  return outlinedDots<Ticket>({
    id: TICKET_LAYER_ID,
    data,
    visible,
    getPosition: (t) => [t.lon, t.lat],
    getRadius: 6,
    getFillColor: (t) => ticketColor(t.line),
    getLineColor: [255, 255, 255, 230],
    getLineWidth: 1.5,
  });
}
