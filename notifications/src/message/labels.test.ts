import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INCIDENT_KINDS, ROLES, SEVERITIES } from '@cityops/contracts';
import { KIND_LABELS, ROLE_LABELS, SEVERITY_LABELS } from './labels.ts';

// The console's Vietnamese dictionary, read as text: a notification must call a kind what the wall calls it.
const dictionary = readFileSync(new URL('../../../ops-console/web/src/lib/i18n/vi.ts', import.meta.url), 'utf8');
const entry = (key: string) => new RegExp(`'${key.replace('.', '\\.')}': '([^']*)'`).exec(dictionary)?.[1];

describe('notification labels', () => {
  it('name every incident kind, severity and role as the console does', () => {
    for (const kind of INCIDENT_KINDS) expect(KIND_LABELS[kind], kind).toBe(entry(`incidentKind.${kind}`));
    for (const s of SEVERITIES) expect(SEVERITY_LABELS[s], s).toBe(entry(`severity.${s}`));
    for (const r of ROLES) expect(ROLE_LABELS[r], r).toBe(entry(`role.${r}`));
  });
});
