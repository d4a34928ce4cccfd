import type { FastifyInstance, FastifyReply } from 'fastify';
import { AuditQuery, type AuditEntry, AuditList } from '@cityops/contracts';
import { listAudit, type Pool } from '@cityops/db';
import { sendCsv, toCsv, vnLocal } from '../search/csv.ts';
import { queryTime } from '../search/query-time.ts';
import { jsonOrCsv } from '../openapi/responses.ts';

/** Entries a CSV export carries at most (the newest first). */
const CSV_MAX_ROWS = 50_000;

const OUTCOME_VI: Readonly<Record<string, string>> = { succeeded: 'Thành công', failed: 'Thất bại', refused: 'Bị từ chối' };

function csvRows(items: readonly AuditEntry[]): (string | number | null)[][] {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return items.map((e) => [e.id, vnLocal(e.at), e.actor, e.action, e.target, OUTCOME_VI[e.outcome] ?? e.outcome, e.address, json(e.before), json(e.after)]);
}

/** The audit log for admins: newest first, filtered, paged by id; or the same as CSV. */
export function auditRoutes(app: FastifyInstance, { pool }: { pool: Pool }): void {
  app.get<{ Querystring: AuditQuery }>(
    '/api/audit',
    { schema: { summary: 'Audit log of changes, newest first', response: jsonOrCsv(AuditList), querystring: AuditQuery }, config: { access: 'admin' } },
    async (request, reply): Promise<AuditList | FastifyReply> => {
      const q = request.query;
      const csv = q.format === 'csv';
      const limit = csv ? CSV_MAX_ROWS : (q.limit ?? 100);
      const items = await listAudit(pool, {
        from: queryTime(q.from, 'from'),
        to: queryTime(q.to, 'to'),
        actor: q.actor,
        action: q.action,
        outcome: q.outcome,
        before: q.before,
        limit,
      });
      if (!csv) return { items, nextBefore: items.length === limit ? items[items.length - 1]!.id : null };
      const header = ['Số', 'Thời điểm', 'Người thực hiện', 'Hành động', 'Đối tượng', 'Kết quả', 'Địa chỉ', 'Trước', 'Sau'];
      return sendCsv(reply, 'nhat-ky-kiem-toan', toCsv(header, csvRows(items)));
    },
  );
}
