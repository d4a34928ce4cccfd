import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, useApiKey } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { describeCommandError, runRegistryCommand, validateRegistryCommand, type RegistryCommand } from './commands/registry-commands.ts';

// `cityops apikey add|list|revoke`.
let db: TestDatabase;
const run = (cmd: RegistryCommand) => runRegistryCommand(db.pool, cmd);

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe('cityops apikey', () => {
  it('adds a key shown once, lists it without the key, and revokes it for good', async () => {
    const added = (await run({ op: 'apikey.add', name: 'iHanoi', scopes: ['open311', 'open311'] })) as {
      id: number;
      key: string;
      scopes: string[];
      createdBy: string;
    };
    expect(added).toMatchObject({ scopes: ['open311'], createdBy: 'cli', key: expect.stringMatching(/^cok_/) });
    expect(await useApiKey(db.pool, added.key)).toMatchObject({ id: added.id, name: 'iHanoi' });
    const listed = await run({ op: 'apikey.list' });
    expect(JSON.stringify(listed)).not.toContain(added.key);
    expect(listed).toEqual([expect.objectContaining({ id: added.id, revokedAt: null })]);
    expect(await run({ op: 'apikey.revoke', id: added.id })).toMatchObject({ revokedAt: expect.any(String) });
    expect(await useApiKey(db.pool, added.key)).toBeNull();

    // Both changes are on the audit log as done by the CLI, the list is not, and the key never is.
    const audit = await listAudit(db.pool, { limit: 10 });
    expect(audit.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['cli', 'apikey.revoke', String(added.id)],
      ['cli', 'apikey.add', null],
    ]);
    expect(JSON.stringify(audit)).not.toContain(added.key);
  });

  it("adds an agency's key with its lines and areas", async () => {
    const added = await run({ op: 'apikey.add', name: 'Chỉ huy 114', scopes: ['agency'], lines: ['114'], areas: ['hoan-kiem'] });
    expect(added).toMatchObject({ scopes: ['agency'], agencyLines: ['114'], agencyAreas: ['hoan-kiem'] });
  });

  it('names bad input in one line before touching the database', async () => {
    expect(() => validateRegistryCommand({ op: 'apikey.add', name: 'x', scopes: ['admin'] })).toThrow(
      '--scopes must be a comma list of tickets, open311, agency',
    );
    expect(() => validateRegistryCommand({ op: 'apikey.add', name: 'x', scopes: ['agency'] })).toThrow('an agency key needs --lines');
    expect(() => validateRegistryCommand({ op: 'apikey.add', name: 'x', scopes: ['agency'], lines: ['1022'] })).toThrow(
      '--lines must be a comma list of 113, 114, 115',
    );
    expect(() => validateRegistryCommand({ op: 'apikey.add', name: 'x', scopes: ['tickets'], areas: ['hoan-kiem'] })).toThrow(
      '--lines and --areas are for --scopes agency',
    );
    expect(() => validateRegistryCommand({ op: 'apikey.add', name: ' ', scopes: ['tickets'] })).toThrow('--name must be 1-100 characters');
    expect(() => validateRegistryCommand({ op: 'apikey.revoke', id: Number('abc') })).toThrow(/--id must be/);
    const missing = await run({ op: 'apikey.revoke', id: 99_999 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(describeCommandError(missing)).toMatch(/^CITYOPS_API_KEY_NOT_FOUND: /);
  });
});
