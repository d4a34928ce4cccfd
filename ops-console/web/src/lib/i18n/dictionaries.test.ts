import { describe, expect, it } from 'vitest';
// Value imports in a Node test only; the browser code imports types from contracts (README).
import { DEVICE_KINDS, DISPATCH_UNITS, HTTP_ERRORS, INCIDENT_KINDS, ROLES } from '@cityops/contracts';
import { en } from './en.ts';
import { placeholders } from './translate.ts';
import { vi } from './vi.ts';

describe('dictionaries', () => {
  it('have the same keys in Vietnamese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect({ key, names: placeholders(en[key]) }).toEqual({ key, names: placeholders(vi[key]) });
    }
  });

  it('leave no message empty', () => {
    for (const dict of [vi, en]) for (const [key, text] of Object.entries(dict)) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
  });

  it('name every role, device kind and HTTP error code that contracts define', () => {
    for (const role of ROLES) expect(vi).toHaveProperty([`role.${role}`]);
    for (const kind of DEVICE_KINDS) expect(vi).toHaveProperty([`kind.${kind}`]);
    for (const code of Object.keys(HTTP_ERRORS)) expect(vi).toHaveProperty([`problem.${code}`]);
    for (const kind of INCIDENT_KINDS) expect(vi).toHaveProperty([`incidentKind.${kind}`]);
    for (const unit of DISPATCH_UNITS) expect(vi).toHaveProperty([`dispatchUnit.${unit}`]);
  });
});
