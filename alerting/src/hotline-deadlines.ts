import type { Incident } from '@cityops/contracts';
import type { PoolClient } from '@cityops/db';
import { findDeadlineBreaches, openOrRepeatIncident, recordBreach } from '@cityops/db';

const HOURS = 3600_000;

/**
 * Hotline deadline breaches become incidents (the deadlines are contracts' `HOTLINE_DEADLINES`):
 * a 1022 report not forwarded within 5 minutes is a warning for the shift, one not answered within
 * 5 days is major. Each breach is recorded on the ticket's history in the same transaction, so it is
 * reported once however often the tick runs or restarts.
 */
export async function openDeadlineIncidents(db: PoolClient, now: Date): Promise<Incident[]> {
  const opened: Incident[] = [];
  for (const b of await findDeadlineBreaches(db, now)) {
    await recordBreach(db, b, now);
    const t = b.ticket;
    const lateBy = now.getTime() - b.dueAt.getTime();
    const title =
      b.deadline === 'forward'
        ? `Quá hạn chuyển phản ánh ${t.line} #${t.id} (5 phút) — ${t.category}`
        : `Quá hạn trả lời phản ánh ${t.line} #${t.id} (5 ngày) — ${t.category}`;
    const { incident, opened: isNew } = await openOrRepeatIncident(db, {
      kind: 'hotline_deadline',
      severity: b.deadline === 'forward' ? 'warning' : 'major',
      dedupKey: `hotline_deadline:${t.id}:${b.deadline}`,
      title,
      address: t.address,
      lat: t.lat,
      lon: t.lon,
      at: now,
      data: { ticketId: t.id, line: t.line, deadline: b.deadline, dueAt: b.dueAt.toISOString(), lateByHours: Math.round((lateBy / HOURS) * 100) / 100 },
    });
    if (isNew) opened.push(incident);
  }
  return opened;
}
