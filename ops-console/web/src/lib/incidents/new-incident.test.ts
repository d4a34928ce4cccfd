import { describe, expect, it } from 'vitest';
import { newIncidentRequest, type NewIncidentFields } from './new-incident.ts';

const fields = (over: Partial<NewIncidentFields> = {}): NewIncidentFields => ({
  kind: 'manual',
  severity: 'major',
  title: ' Ngập sâu tại nút giao ',
  lat: '',
  lon: '',
  address: '',
  ticketId: '',
  deviceId: '',
  note: '',
  ...over,
});

describe('the new-incident form', () => {
  it('needs only a title; a place, ticket, device and note are added when given', () => {
    expect(newIncidentRequest(fields())).toEqual({ ok: true, request: { kind: 'manual', severity: 'major', title: 'Ngập sâu tại nút giao' } });
    expect(newIncidentRequest(fields({ lat: '21,03', lon: '105.85', ticketId: '#41', deviceId: 'CAM-A001-03', note: ' qua camera ' }))).toEqual({
      ok: true,
      request: {
        kind: 'manual',
        severity: 'major',
        title: 'Ngập sâu tại nút giao',
        lat: 21.03,
        lon: 105.85,
        ticketId: 41,
        deviceId: 'CAM-A001-03',
        note: 'qua camera',
      },
    });
  });

  it('names what is wrong: no title, half a place, a ticket that is no number, a device id with spaces', () => {
    expect(newIncidentRequest(fields({ title: ' ', lat: '21.03', ticketId: 'abc', deviceId: 'CAM 1' }))).toEqual({
      ok: false,
      problems: ['title', 'point', 'ticket', 'device'],
    });
  });
});
