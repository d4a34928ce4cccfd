import { describe, expect, it } from 'vitest';
import type { PublicReportStatus } from '@cityops/contracts';
import { notFoundPageHtml, statusPageHtml } from './status-page.ts';

const status: PublicReportStatus = {
  ticketId: 9,
  category: 'Môi trường',
  state: 'answered',
  receivedAt: '2026-11-21T01:00:00.000Z',
  updatedAt: '2026-11-22T02:00:00.000Z',
  unit: 'UBND phường <Cửa Nam>',
  answerDueAt: null,
  answer: 'Đã thu gom. <script>alert(1)</script>',
  steps: [
    { state: 'received', at: '2026-11-21T01:00:00.000Z', unit: null },
    { state: 'forwarded', at: '2026-11-21T01:02:00.000Z', unit: 'UBND phường <Cửa Nam>' },
    { state: 'answered', at: '2026-11-22T02:00:00.000Z', unit: null },
  ],
  updatesOn: true,
};

describe('the public status page', () => {
  it('shows state, unit, answer and steps in Vietnam time, with every value escaped', () => {
    const html = statusPageHtml(status, '/status/abc', 420);
    expect(html).toContain('<h1>Phản ánh số 9</h1>');
    expect(html).toContain('<dd>Đã trả lời</dd>');
    expect(html).toContain('Đã chuyển đến đơn vị xử lý: UBND phường &lt;Cửa Nam&gt; — 08:02 ngày 21/11/2026');
    expect(html).toContain('Đã thu gom. &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('action="/status/abc/stop"');
  });

  it('offers no stop button once updates are off, and the not-found page names nothing', () => {
    expect(statusPageHtml({ ...status, updatesOn: false }, '/status/abc', 420)).not.toContain('<form');
    expect(notFoundPageHtml()).not.toMatch(/Phản ánh số \d/);
  });
});
