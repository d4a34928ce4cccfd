/**
 * Escalation timers are rows, not in-memory timers: alerting runs as its own process and is
 * SIGKILLed while an escalation is pending, then again right after it fired. Each step must fire
 * exactly once, from whichever process is alive when it falls due.
 *
 * Database: the embedded PGlite by default (one connection at a time: the test reads only while no
 * alerting process runs), a fresh database on DATABASE_URL under `npm run test:services`.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendEvents,
  createPool,
  getIncident,
  listIncidents,
  provisionDevice,
  seedAlertRules,
  updateAlertRule,
  withTransaction,
  type Pool,
} from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { children, exited, spawnTs, stopChild, waitUntil } from '@cityops/db/src/testing/service-process.ts';
import pino from 'pino';
import { DEFAULT_RULES } from './engine/index.ts';

const STEP_1_MS = 12_000;
const STEP_2_MS = 20_000;
const PANEL = 'FA-ESC-0001';

let db: TestDatabase;
const lines: Record<string, unknown>[] = [];
const log = pino({ level: 'silent' });

/** A short-lived pool: on the embedded database an open one would hold the alerting process up. */
async function withPool<T>(fn: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = createPool({ connectionString: db.connectionString, max: 1, log });
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

/** Starts an alerting process; its JSON log lines are collected into `lines`. */
async function startAlertingProcess(): Promise<ChildProcess> {
  let ready = false;
  const { child, stderr } = spawnTs(
    'alerting/src/main.ts',
    {
      DATABASE_URL: db.connectionString,
      CITYOPS_DB_POOL_MAX: String(db.maxConnections),
      CITYOPS_ALERTING_TICK_MS: '200',
      CITYOPS_ALERTING_POLL_MS: '100',
      // On the embedded database the process finds by itself that it must run without a lease.
      LOG_LEVEL: 'info',
    },
    (line) => {
      lines.push(line);
      if (line.msg === 'alerting running') ready = true;
    },
  );
  await waitUntil('alerting to start', () => ready || child.exitCode !== null, 60_000, stderr);
  if (!ready) throw new Error(`alerting exited ${child.exitCode}: ${stderr()}`);
  return child;
}

const escalations = () => lines.filter((l) => String(l.msg).startsWith('incident escalated'));
const opened = () => lines.filter((l) => l.msg === 'incident opened');

beforeAll(async () => {
  db = await openTestDatabase();
  await provisionDevice(db.pool, { id: PANEL, kind: 'fire', lat: 21.03, lon: 105.85, area: 'A001', address: 'Số 9 Phố mẫu' });
  // A supervisor shortened the fire alarm's chain so the test runs in seconds, not minutes.
  await seedAlertRules(db.pool, DEFAULT_RULES);
  const fireAlarm = DEFAULT_RULES.find((r) => r.id === 'fire-alarm')!;
  await withTransaction(db.pool, (c) =>
    updateAlertRule(
      c,
      {
        ...fireAlarm,
        escalation: [
          { afterMs: STEP_1_MS, notify: 'supervisor' as const },
          { afterMs: STEP_2_MS, notify: 'admin' as const },
        ],
      },
      'supervisor',
    ),
  );
}, 120_000);

afterAll(async () => {
  for (const child of [...children]) child.kill('SIGKILL');
  await db?.close();
});

describe('escalation across alerting restarts', () => {
  it('escalates each step exactly once although alerting is killed before and right after it falls due', async () => {
    const alarmAt = Date.now();
    await appendEvents(db.pool, [
      { topic: 'fire.event', payload: { deviceId: PANEL, event: 'alarm', seq: 1, zone: 'Tầng 2', at: new Date(alarmAt).toISOString() } },
    ]);
    // The scratch pool's idle connection must let go of the embedded database's one slot.
    await new Promise((r) => setTimeout(r, 300));

    // 1. Alerting opens the incident; it is killed while the first escalation is pending.
    const a = await startAlertingProcess();
    const withoutLease = lines.some((l) => String(l.msg).startsWith('embedded database: running as the only alerting process'));
    expect(withoutLease).toBe(db.mode === 'embedded');
    await waitUntil('the fire incident to open', () => opened().length === 1, 60_000);
    a.kill('SIGKILL');
    await exited(a);
    expect(escalations(), 'the first process was killed only after the step fell due: the machine is too slow for this test').toEqual([]);
    const pending = await withPool((p) => listIncidents(p, { kind: 'fire_alarm' }));
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ state: 'open', escalationLevel: 0, escalatedTo: null });
    expect(Date.parse(pending[0]!.nextEscalationAt!) - Date.parse(pending[0]!.openedAt)).toBe(STEP_1_MS);

    // 2. Down while it falls due; the next process escalates at once — and is killed right after.
    await new Promise((r) => setTimeout(r, Math.max(0, alarmAt + STEP_1_MS + 500 - Date.now())));
    const b = await startAlertingProcess();
    await waitUntil('the first escalation', () => escalations().length >= 1, 60_000);
    b.kill('SIGKILL');
    await exited(b);

    // 3. A third process must not repeat step 1, and fires step 2 once when it falls due.
    const c = await startAlertingProcess();
    await waitUntil('the second escalation', () => escalations().length >= 2, STEP_2_MS + 60_000);
    // A duplicate or a third step would come within this; none may.
    await new Promise((r) => setTimeout(r, 1500));
    await stopChild(c);

    expect(escalations().map((l) => [l.escalationLevel, l.notify])).toEqual([
      [1, 'supervisor'],
      [2, 'admin'],
    ]);
    expect(opened()).toHaveLength(1);
    const incident = await withPool((p) => getIncident(p, pending[0]!.id));
    expect(incident).toMatchObject({ state: 'open', escalationLevel: 2, escalatedTo: 'admin', nextEscalationAt: null });
    const steps = incident.timeline!.filter((e) => e.type === 'escalated');
    expect(steps.map((e) => e.data)).toEqual([
      { level: 1, notify: 'supervisor', unacknowledgedForMs: STEP_1_MS },
      { level: 2, notify: 'admin', unacknowledgedForMs: STEP_2_MS },
    ]);
    // Each step fired at or after its due time, never early.
    expect(Date.parse(steps[0]!.at)).toBeGreaterThanOrEqual(alarmAt + STEP_1_MS);
    expect(Date.parse(steps[1]!.at)).toBeGreaterThanOrEqual(alarmAt + STEP_2_MS);
  }, 180_000);
});
