import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import * as contracts from './index.ts';

const API_DOC = join(import.meta.dirname, '..', '..', 'docs', 'api.md');

/** ```json SchemaName blocks of docs/api.md: documentation examples that must stay valid. */
function examples(): { schema: string; json: string }[] {
  const md = readFileSync(API_DOC, 'utf8');
  return [...md.matchAll(/```json (\w+)\n([\s\S]*?)```/g)].map((m) => ({ schema: m[1]!, json: m[2]! }));
}

describe('docs/api.md examples', () => {
  it('has examples', () => expect(examples().length).toBeGreaterThanOrEqual(10));
  it.each(examples())('$schema example matches the contract', ({ schema, json }) => {
    const type = (contracts as Record<string, unknown>)[schema];
    expect(type, `contracts exports no schema ${schema}`).toBeDefined();
    const validator = Compile(type as never);
    const value = JSON.parse(json);
    expect(validator.Errors(value)).toEqual([]);
  });
});
