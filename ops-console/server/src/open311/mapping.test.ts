import { describe, expect, it } from 'vitest';
import { TICKET_CATEGORIES, type Ticket } from '@cityops/contracts';
import { langOf, open311Services, parseOpen311Post, parseServiceCode, serviceRequestOf, statesOf, statusOf, vnIso } from './mapping.ts';
import { toXml } from './xml.ts';

const ticket: Ticket = {
  id: 42,
  line: '1022',
  category: 'traffic',
  description: 'Đèn tín hiệu hỏng',
  lat: 21.03,
  lon: 105.85,
  address: 'Ngã tư mẫu',
  state: 'forwarded',
  createdAt: '2026-11-21T01:00:00.000Z',
  updatedAt: '2026-11-21T01:03:00.000Z',
  forwardedAt: '2026-11-21T01:03:00.000Z',
  answeredAt: null,
  deadlines: [
    { name: 'forward', dueAt: '2026-11-21T01:05:00.000Z', metAt: '2026-11-21T01:03:00.000Z', breached: false },
    { name: 'answer', dueAt: '2026-11-26T01:00:00.000Z', metAt: null, breached: false },
  ],
};

describe('Open311 mapping', () => {
  it('offers one service per 1022 category, codes {line}-{category}, names in Vietnamese unless locale=en', () => {
    const vi = open311Services('vi');
    expect(vi).toHaveLength(TICKET_CATEGORIES['1022'].length);
    expect(vi[2]).toEqual({
      service_code: '1022-traffic',
      service_name: 'Giao thông',
      description: 'Giao thông (Traffic)',
      metadata: false,
      type: 'realtime',
      keywords: 'ùn tắc,đèn tín hiệu,congestion,traffic light',
      group: 'Đường dây nóng 1022',
    });
    expect(open311Services(langOf('en-GB'))[2]).toMatchObject({ service_name: 'Traffic', group: 'Hotline 1022' });
    expect(langOf(undefined)).toBe('vi');
  });

  it('reads service codes back, refusing unknown lines and categories', () => {
    expect(parseServiceCode('1022-public_order')).toEqual({ line: '1022', category: 'public_order' });
    expect(parseServiceCode('114-fire')).toEqual({ line: '114', category: 'fire' });
    for (const bad of ['1022', '1022-', '1022-fire', '999-other', '-other', '']) expect(parseServiceCode(bad)).toBeNull();
  });

  it('maps states to the two Open311 statuses and back', () => {
    expect(['received', 'forwarded', 'in_progress', 'answered', 'closed'].map((s) => statusOf(s as Ticket['state']))).toEqual([
      'open',
      'open',
      'open',
      'closed',
      'closed',
    ]);
    expect(statesOf('closed')).toEqual(['answered', 'closed']);
    expect(statesOf('open')).toEqual(['received', 'forwarded', 'in_progress']);
  });

  it('turns a ticket into a service request with Hanoi-time datetimes and the answer deadline as expected_datetime', () => {
    expect(vnIso('2026-11-21T17:30:00.000Z')).toBe('2026-11-22T00:30:00+07:00');
    expect(serviceRequestOf(ticket, 'Đã chuyển Sở GTVT', 'vi')).toEqual({
      service_request_id: '42',
      status: 'open',
      status_notes: 'Đã chuyển Sở GTVT',
      service_name: 'Giao thông',
      service_code: '1022-traffic',
      description: 'Đèn tín hiệu hỏng',
      agency_responsible: 'Đường dây nóng 1022',
      service_notice: expect.stringContaining('5 ngày'),
      requested_datetime: '2026-11-21T08:00:00+07:00',
      updated_datetime: '2026-11-21T08:03:00+07:00',
      expected_datetime: '2026-11-26T08:00:00+07:00',
      address: 'Ngã tư mẫu',
      address_id: null,
      zipcode: null,
      lat: 21.03,
      long: 105.85,
      media_url: null,
    });
    // A report transferred to an emergency line keeps being followable, without a 1022 promise.
    expect(serviceRequestOf({ ...ticket, line: '114', category: 'fire', deadlines: [] }, null, 'en')).toMatchObject({
      service_name: 'Fire',
      service_notice: null,
      expected_datetime: null,
      agency_responsible: 'Hotline 114',
    });
  });

  it('parses a form-encoded POST (all strings) into a ticket intake, keeping phone and e-mail for call-backs', () => {
    const parsed = parseOpen311Post({
      api_key: 'k',
      service_code: '1022-environment',
      lat: '21.02',
      long: '105.81',
      address_string: ' Ngõ 5 ',
      phone: '+84 912 345 678',
      email: 'a@b.vn',
      first_name: 'An',
    });
    expect(parsed.value).toEqual({
      serviceCode: '1022-environment',
      intake: {
        line: '1022',
        category: 'environment',
        description: 'Môi trường',
        lat: 21.02,
        lon: 105.81,
        address: 'Ngõ 5',
        callerPhone: '+84 912 345 678',
        callerEmail: 'a@b.vn',
      },
    });
  });

  it('lists every problem of a bad POST at once', () => {
    expect(parseOpen311Post({ service_code: '1022-nothing', lat: '91', long: '105', email: 'nope', media_url: 'ftp://x' }).errors).toEqual([
      'service_code "1022-nothing" is not a service of services.json',
      'lat must be in [-90, 90] and long in [-180, 180]',
      'email is not an e-mail address',
      'media_url must be an http(s) URL',
    ]);
    expect(parseOpen311Post({ service_code: '1022-traffic', address_string: 'Số 1' }).errors).toEqual([
      'lat and long are required (this server does not geocode address_string)',
    ]);
    expect(parseOpen311Post('text').errors).toHaveLength(1);
    expect(parseOpen311Post({}).errors).toContain('service_code is required');
  });

  it('takes the e-mail updates opt-in from a form string or a JSON boolean, and only with an e-mail', () => {
    const base = { service_code: '1022-traffic', lat: '21.03', long: '105.85', email: 'dan@example.vn' };
    expect(parseOpen311Post({ ...base, email_updates: 'true' }).value?.intake).toMatchObject({ callerEmail: 'dan@example.vn', callerUpdates: true });
    expect(parseOpen311Post({ ...base, email_updates: true }).value?.intake.callerUpdates).toBe(true);
    expect(parseOpen311Post({ ...base, email_updates: '0' }).value?.intake.callerUpdates).toBeUndefined();
    // An e-mail alone is a call-back address, not consent to mail.
    expect(parseOpen311Post(base).value?.intake.callerUpdates).toBeUndefined();
    expect(parseOpen311Post({ ...base, email: undefined, email_updates: 'true' }).errors).toEqual(['email_updates needs email: updates are sent by e-mail']);
    expect(parseOpen311Post({ ...base, email_updates: 'yes please' }).errors).toEqual(['email_updates is true or false']);
  });

  it('writes the XML form with escaping and empty elements for null', () => {
    expect(
      toXml('errors', 'error', [
        { code: 400, description: 'a < b & "c"' },
        { code: 404, description: null },
      ]),
    ).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code><description>a &lt; b &amp;' +
        ' &quot;c&quot;</description></error><error><code>404</code><description/></error></errors>',
    );
  });
});
