import { randomBytes } from 'node:crypto';
import { ROLES, type Role } from '@cityops/contracts';
import { hashPassword, upsertUser, type Pool } from '@cityops/db';

/** The four demo accounts of the embedded demo (contract §1); one password, printed at start. */
export async function ensureDemoAccounts(pool: Pool, password: string | undefined): Promise<{ password: string; usernames: Role[] }> {
  const pw = password ?? randomBytes(9).toString('base64url');
  const hash = await hashPassword(pw);
  for (const role of ROLES) {
    await upsertUser(pool, { username: role === 'viewer' ? 'operator' : role, role, passwordHash: hash });
  }
  return { password: pw, usernames: ['viewer', 'dispatcher', 'supervisor', 'admin'] };
}

export const DEMO_USERNAMES = ['operator', 'dispatcher', 'supervisor', 'admin'] as const;
