import { randomBytes } from 'node:crypto';
import type { Role } from '@cityops/contracts';
import { hashPassword, upsertUser, type Pool } from '@cityops/db';

/** The demo accounts `npm start` prints on embedded defaults: one per role, the wall operator a viewer. */
export const DEMO_ACCOUNTS: readonly { username: string; role: Role }[] = [
  { username: 'operator', role: 'viewer' },
  { username: 'dispatcher', role: 'dispatcher' },
  { username: 'supervisor', role: 'supervisor' },
  { username: 'admin', role: 'admin' },
];
export const DEMO_USERNAMES = DEMO_ACCOUNTS.map((a) => a.username);

/** Creates or resets the demo accounts with one password (random unless given), returned to print. */
export async function ensureDemoAccounts(pool: Pool, password: string | undefined): Promise<string> {
  const pw = password ?? randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(pw);
  for (const a of DEMO_ACCOUNTS) await upsertUser(pool, { ...a, passwordHash });
  return pw;
}
