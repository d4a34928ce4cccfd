import type { Logger } from 'pino';
import type { Pool } from '../pool.ts';
import { latestEventId, readEventsBetween } from '../repositories/event-log-repository.ts';
import { TailLoop } from './tail-loop.ts';

export interface RevocationWatch {
  /** Look now (after a commit in this process) rather than at the next poll. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Calls `onRevoked` for every device revoked from now on, read from the event log (`device.registry`
 * entries with change "revoked"), whichever process revoked it: the broker closes such a device's
 * connection within a poll interval.
 */
export async function watchDeviceRevocations(pool: Pool, log: Logger, onRevoked: (deviceId: string) => void, pollMs = 250): Promise<RevocationWatch> {
  // The window read each time reaches back one poll: an entry whose id was drawn before the head
  // of the last read but whose transaction committed after it is still seen.
  let from = await latestEventId(pool);
  let previousHead = from;
  const seen = new Set<number>();
  const loop = new TailLoop(
    async () => {
      const head = await latestEventId(pool);
      const rows = await readEventsBetween(pool, from, head, ['device.registry']);
      for (const row of rows) {
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        const payload = row.payload as { change?: string; device?: { id?: string } };
        if (payload.change === 'revoked' && typeof payload.device?.id === 'string') onRevoked(payload.device.id);
      }
      from = previousHead;
      previousHead = head;
      for (const id of seen) if (id <= from) seen.delete(id);
      return 0;
    },
    pollMs,
    log.child({ component: 'revocation-watch' }),
  );
  loop.start();
  return { wake: () => loop.wake(), stop: () => loop.stop() };
}
