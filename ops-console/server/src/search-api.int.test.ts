import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_PASSWORD, openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// Search over tickets and incidents: filters, free text, paging, sorting, and the CSV export Excel opens.
let h: ConsoleHarness;

async function csv(url: string): Promise<{ status: number; type: string; disposition: string; text: string }> {
  const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: HARNESS_PASSWORD } });
  const cookie = `cityops_session=${login.cookies.find((c) => c.name === 'cityops_session')!.value}`;
  const res = await h.app.inject({ url, headers: { cookie } });
  return { status: res.statusCode, type: String(res.headers['content-type']), disposition: String(res.headers['content-disposition']), text: res.body };
}

const report = (description: string, over: object = {}) => ({ line: '1022', category: 'environment', description, lat: 21.03, lon: 105.85, ...over });

beforeAll(async () => {
  h = await openConsoleHarness();
  for (const d of ['Rác thải ùn ứ đầu ngõ Hàng Bạc', 'Cống thoát nước bốc mùi', 'Đèn đường hỏng phố Hàng Bạc', 'Rác 100% tràn ra đường']) {
    expect((await h.api('dispatcher', 'POST', '/api/tickets', report(d))).status).toBe(201);
  }
  expect((await h.api('dispatcher', 'POST', '/api/tickets', report('Khói trong hẻm', { line: '114', category: 'fire' }))).status).toBe(201);
  expect(
    (await h.api('dispatcher', 'POST', '/api/incidents', { kind: 'manual', severity: 'major', title: 'Ngập sâu phố Hàng Bạc', lat: 21.03, lon: 105.85 }))
      .status,
  ).toBe(201);
});
afterAll(async () => h?.close());

describe('search', () => {
  it('finds tickets by a word of their description, newest first, with the total for paging', async () => {
    const found = await h.api('viewer', 'GET', `/api/search/tickets?q=${encodeURIComponent('hàng bạc')}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((t: { description: string }) => t.description)).toEqual(['Đèn đường hỏng phố Hàng Bạc', 'Rác thải ùn ứ đầu ngõ Hàng Bạc']);
    expect(found.body.total).toBe(2);
    const page = await h.api('viewer', 'GET', '/api/search/tickets?line=1022&limit=2&offset=2&order=asc');
    expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 2 });
    expect(page.body.items.map((t: { description: string }) => t.description)).toEqual(['Đèn đường hỏng phố Hàng Bạc', 'Rác 100% tràn ra đường']);
    expect((await h.api('viewer', 'GET', '/api/search/tickets?line=1022&offset=40')).body).toEqual({ items: [], total: 4, limit: 50, offset: 40 });
    // A % typed is a percent sign, not a wildcard.
    expect((await h.api('viewer', 'GET', `/api/search/tickets?q=${encodeURIComponent('100%')}`)).body.total).toBe(1);
    expect((await h.api('viewer', 'GET', '/api/search/tickets?line=114')).body.total).toBe(1);
    expect((await h.api('viewer', 'GET', '/api/search/tickets?from=yesterday')).body.code).toBe('CITYOPS_REQUEST_INVALID');
    // A time PostgreSQL cannot hold is the caller's mistake (400), not a server error.
    for (const bad of ['+010000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '0001-01-01T00:00:00Z'])
      expect((await h.api('viewer', 'GET', `/api/search/incidents?to=${encodeURIComponent(bad)}`)).body.code).toBe('CITYOPS_REQUEST_INVALID');
    expect((await h.api('viewer', 'GET', '/api/search/tickets?sort=description')).status).toBe(400);
  });

  it('finds incidents by title, kind and state', async () => {
    const found = await h.api('viewer', 'GET', `/api/search/incidents?q=${encodeURIComponent('Hàng Bạc')}&state=active&kind=manual`);
    expect(found.body.items.map((i: { title: string }) => i.title)).toEqual(['Ngập sâu phố Hàng Bạc']);
    expect((await h.api('viewer', 'GET', '/api/search/incidents?state=closed')).body.total).toBe(0);
  });

  it('exports the result as CSV for Excel: UTF-8 with a BOM, Vietnamese headers and labels, formulas defused', async () => {
    expect((await h.api('dispatcher', 'POST', '/api/tickets', report('=HYPERLINK("http://x","Hàng Bạc")'))).status).toBe(201);
    const file = await csv(`/api/search/tickets?q=${encodeURIComponent('Hàng Bạc')}&format=csv`);
    expect(file.status).toBe(200);
    expect(file.type).toBe('text/csv; charset=utf-8');
    expect(file.disposition).toMatch(/^attachment; filename="phan-anh-\d{12}\.csv"$/);
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    const lines = file.text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Số,Đường dây,Loại,Nội dung,Địa chỉ,Trạng thái,Đơn vị xử lý,Tiếp nhận lúc,Chuyển lúc,Trả lời lúc');
    expect(lines.filter(Boolean)).toHaveLength(4);
    expect(file.text).toContain('Môi trường');
    expect(file.text).toContain('Đã tiếp nhận');
    expect(file.text).toContain('Rác thải ùn ứ đầu ngõ Hàng Bạc');
    expect(file.text).toContain(`"'=HYPERLINK(""http://x"",""Hàng Bạc"")"`);
    expect((await csv('/api/search/incidents?format=csv')).text.slice(1).split('\r\n')[0]).toContain('Mức độ');
  });
});
