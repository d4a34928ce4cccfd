import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  ACTIVE_INCIDENT_STATES,
  IncidentSearchQuery,
  ticketCategory,
  TicketSearchQuery,
  type Incident,
  type IncidentState,
  type Ticket,
  IncidentSearchResponse,
  TicketSearchResponse,
} from '@cityops/contracts';
import { searchIncidents, searchTickets, type Pool } from '@cityops/db';
import { sendCsv, toCsv, vnLocal } from '../search/csv.ts';
import { queryTime as time } from '../search/query-time.ts';
import { jsonOrCsv } from '../openapi/responses.ts';

/** Rows a CSV export carries at most (its first rows by the sort asked). */
const CSV_MAX_ROWS = 10_000;

const TICKET_STATE_VI: Readonly<Record<string, string>> = {
  received: 'Đã tiếp nhận',
  forwarded: 'Đã chuyển',
  in_progress: 'Đang xử lý',
  answered: 'Đã trả lời',
  closed: 'Đã đóng',
};
const INCIDENT_STATE_VI: Readonly<Record<string, string>> = {
  open: 'Mới',
  acknowledged: 'Đã xác nhận',
  dispatched: 'Đã điều phối',
  resolved: 'Đã giải quyết',
  closed: 'Đã đóng',
};
const SEVERITY_VI: Readonly<Record<string, string>> = { critical: 'Khẩn cấp', major: 'Nghiêm trọng', warning: 'Cảnh báo', info: 'Thông tin' };

function ticketRows(items: readonly Ticket[]): (string | number | null)[][] {
  return items.map((t) => [
    t.id,
    t.line,
    ticketCategory(t.line, t.category)?.vi ?? t.category,
    t.description,
    t.address,
    TICKET_STATE_VI[t.state] ?? t.state,
    t.assignedUnit?.name ?? null,
    vnLocal(t.createdAt),
    vnLocal(t.forwardedAt),
    vnLocal(t.answeredAt),
  ]);
}

function incidentRows(items: readonly Incident[]): (string | number | null)[][] {
  return items.map((i) => [
    i.id,
    i.kind,
    SEVERITY_VI[i.severity] ?? i.severity,
    i.title,
    i.address,
    i.area,
    INCIDENT_STATE_VI[i.state] ?? i.state,
    i.assignee,
    vnLocal(i.openedAt),
    vnLocal(i.acknowledgedAt),
    vnLocal(i.resolvedAt),
  ]);
}

/** Search over tickets and incidents for the desk, paginated and sortable, and its CSV export. */
export function searchRoutes(app: FastifyInstance, { pool }: { pool: Pool }): void {
  app.get<{ Querystring: TicketSearchQuery }>(
    '/api/search/tickets',
    {
      schema: { summary: 'Search hotline tickets (full text, filters)', response: jsonOrCsv(TicketSearchResponse), querystring: TicketSearchQuery },
      config: { access: 'viewer' },
    },
    async (request, reply): Promise<TicketSearchResponse | FastifyReply> => {
      const q = request.query;
      const csv = q.format === 'csv';
      const limit = csv ? CSV_MAX_ROWS : (q.limit ?? 50);
      const offset = csv ? 0 : (q.offset ?? 0);
      const found = await searchTickets(
        pool,
        {
          q: q.q,
          from: time(q.from, 'from'),
          to: time(q.to, 'to'),
          line: q.line,
          state: q.state,
          unit: q.unit,
          sort: q.sort ?? 'createdAt',
          order: q.order ?? 'desc',
          limit,
          offset,
        },
        new Date(),
      );
      if (!csv) return { ...found, limit, offset };
      const header = ['Số', 'Đường dây', 'Loại', 'Nội dung', 'Địa chỉ', 'Trạng thái', 'Đơn vị xử lý', 'Tiếp nhận lúc', 'Chuyển lúc', 'Trả lời lúc'];
      return sendCsv(reply, 'phan-anh', toCsv(header, ticketRows(found.items)));
    },
  );

  app.get<{ Querystring: IncidentSearchQuery }>(
    '/api/search/incidents',
    {
      schema: { summary: 'Search incidents (full text, filters)', response: jsonOrCsv(IncidentSearchResponse), querystring: IncidentSearchQuery },
      config: { access: 'viewer' },
    },
    async (request, reply): Promise<IncidentSearchResponse | FastifyReply> => {
      const q = request.query;
      const csv = q.format === 'csv';
      const limit = csv ? CSV_MAX_ROWS : (q.limit ?? 50);
      const offset = csv ? 0 : (q.offset ?? 0);
      const states: readonly IncidentState[] | undefined = q.state === 'active' ? ACTIVE_INCIDENT_STATES : q.state ? [q.state] : undefined;
      const found = await searchIncidents(pool, {
        q: q.q,
        from: time(q.from, 'from'),
        to: time(q.to, 'to'),
        kind: q.kind,
        states,
        severity: q.severity,
        area: q.area,
        assignee: q.assignee,
        sort: q.sort ?? 'openedAt',
        order: q.order ?? 'desc',
        limit,
        offset,
      });
      if (!csv) return { ...found, limit, offset };
      const header = ['Số', 'Loại', 'Mức độ', 'Tiêu đề', 'Địa chỉ', 'Khu vực', 'Trạng thái', 'Đơn vị xử lý', 'Mở lúc', 'Xác nhận lúc', 'Giải quyết lúc'];
      return sendCsv(reply, 'su-co', toCsv(header, incidentRows(found.items)));
    },
  );
}
