import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

/** A random secret: 24 bytes (192 bits), URL-safe. */
export function generateSecret(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Device secrets are 192-bit random values, so a salted SHA-256 is enough to make a leaked hash
 * useless (no dictionary to try) while keeping 3,000 device connects a second cheap. ADR 0003.
 */
export function hashDeviceSecret(secret: string): string {
  const salt = randomBytes(16).toString('base64url');
  return `sha256$${salt}$${createHash('sha256').update(salt).update(secret).digest('base64url')}`;
}

export function verifyDeviceSecret(secret: string, stored: string): boolean {
  const [scheme, salt, digest] = stored.split('$');
  if (scheme !== 'sha256' || !salt || !digest) return false;
  const actual = createHash('sha256').update(salt).update(secret).digest();
  const expected = Buffer.from(digest, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Human passwords are guessable: scrypt (N=2^15) makes each guess cost ~50 ms of CPU. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, salt, digest] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !salt || !digest) return false;
  const expected = Buffer.from(digest, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { ...SCRYPT, N: Number(n) });
  return timingSafeEqual(key, expected);
}

/** Session tokens are stored as SHA-256: a database leak must not yield live sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
