import { pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * A password as Mosquitto's dynamic security plugin stores it (dynamic-security.json): PBKDF2 with
 * HMAC-SHA512 over a 12-byte random salt, 64-byte key, all base64. 101 iterations is what the
 * plugin itself uses for the clients it creates at run time; a seed file written by us uses more.
 */
export interface DynsecPasswordHash {
  password: string;
  salt: string;
  iterations: number;
}

export function hashDynsecPassword(password: string, iterations = 10_000, salt: Buffer = randomBytes(12)): DynsecPasswordHash {
  const key = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return { password: key.toString('base64'), salt: salt.toString('base64'), iterations };
}
