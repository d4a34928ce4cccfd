import { describe, expect, it } from 'vitest';
import { AUDIT_OUTCOMES } from '@cityops/contracts';
import { AUDIT_OUTCOME_LIST, auditQuery, compactJson } from './audit-query.ts';

describe('the audit screen’s query', () => {
  it('sends only the filters set, the page and the format', () => {
    expect(auditQuery({ actor: '', action: '', outcome: '' })).toBe('');
    expect(auditQuery({ actor: ' ward-op ', action: 'auth.', outcome: 'failed' }, { before: 120 })).toBe(
      '?actor=ward-op&action=auth.&outcome=failed&before=120',
    );
    expect(auditQuery({ actor: '', action: 'user.', outcome: '' }, { csv: true })).toBe('?action=user.&format=csv');
  });

  it('restates the outcomes exactly, and cuts long values to one line', () => {
    expect(AUDIT_OUTCOME_LIST).toEqual(AUDIT_OUTCOMES);
    expect(compactJson({ disabled: true })).toBe('{"disabled":true}');
    expect(compactJson({ text: 'x'.repeat(300) }, 20)).toHaveLength(20);
    expect(compactJson(null)).toBe('');
  });
});
