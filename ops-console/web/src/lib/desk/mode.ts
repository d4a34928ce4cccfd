import type { Role } from '@cityops/contracts';
import { roleAtLeast } from '../auth/roles.ts';

/** Wall: a big dark screen people look at across the room. Desk: a dispatcher's workstation. */
export type Mode = 'wall' | 'desk';
export const MODES: readonly Mode[] = ['desk', 'wall'];

/** Where the choice is kept between visits (per browser profile, like the language). */
export const MODE_STORAGE_KEY = 'cityops.mode';
/** `?mode=wall|desk`: a wall PC's kiosk URL pins it. */
export const MODE_PARAM = 'mode';

export function parseMode(value: unknown): Mode | null {
  return MODES.includes(value as Mode) ? (value as Mode) : null;
}

/**
 * Wall or desk: the URL wins (a wall PC's kiosk URL), then the remembered choice, then the role's
 * default: a viewer watches the wall, a dispatcher and above works at the desk.
 */
export function resolveMode({ search, stored, role }: { search: string; stored: string | null | undefined; role: Role }): Mode {
  const fromUrl = parseMode(new URLSearchParams(search).get(MODE_PARAM));
  return fromUrl ?? parseMode(stored) ?? (roleAtLeast(role, 'dispatcher') ? 'desk' : 'wall');
}

/** The URL after switching to `mode`: an explicit `?mode=` follows the switch, so a reload keeps it. */
export function searchWithMode(search: string, mode: Mode): string {
  const params = new URLSearchParams(search);
  if (!params.has(MODE_PARAM)) return search;
  params.set(MODE_PARAM, mode);
  return `?${params.toString()}`;
}
