import type { Logger } from 'pino';
import { listDevices, revokedAmong, watchDeviceRevocations, type BrokerDeviceAccounts, type Pool } from '@cityops/db';

export interface RevocationSync {
  stop(): Promise<void>;
}

/**
 * Carries revocations from the registry to the broker's accounts: at start every revoked device
 * is disabled (a revocation made while this process or the broker was away), then each new one
 * within a poll of the event log (250 ms), whichever process revoked it. The broker closes a
 * disabled device's connection at once. What fails is retried every `retryMs`, and logged.
 */
export async function startRevocationSync(pool: Pool, accounts: BrokerDeviceAccounts, log: Logger, retryMs = 10_000): Promise<RevocationSync> {
  const syncLog = log.child({ component: 'broker-accounts' });
  const owed = new Set((await listDevices(pool, { includeRevoked: true })).filter((d) => d.revoked).map((d) => d.id));
  let running = Promise.resolve();
  const flush = () => {
    running = running.then(async () => {
      if (owed.size === 0) return;
      const seen = [...owed];
      try {
        // A revocation lifted since (a new secret) must not disable the renewed account.
        const ids = await revokedAmong(pool, seen);
        if (ids.length > 0) await accounts.disable(ids);
        for (const id of seen) owed.delete(id);
        if (ids.length > 0) syncLog.info({ devices: ids.length }, 'revoked devices disabled on the broker');
      } catch (err) {
        syncLog.error({ err, devices: seen.length }, `could not disable revoked devices on the broker; retrying in ${retryMs} ms`);
      }
    });
    return running;
  };
  await flush();
  const retry = setInterval(() => void flush(), retryMs);
  const watch = await watchDeviceRevocations(pool, log, (id) => {
    owed.add(id);
    void flush();
  });
  return {
    async stop() {
      clearInterval(retry);
      await watch.stop();
      await running;
    },
  };
}
