import { describe, expect, it } from 'vitest';
import { copyField } from './copy-text.ts';

describe('COPY text fields', () => {
  it('writes null, booleans and numbers as PostgreSQL reads them', () => {
    expect([null, undefined, true, false, 25, 61.5, 1e21, -0.25].map(copyField)).toEqual(['\\N', '\\N', 't', 'f', '25', '61.5', '1e+21', '-0.25']);
  });

  it('escapes what would end a field or a row, and a literal \\N stays text', () => {
    expect(copyField('Tầng 2\tkho\nB\r\\')).toBe('Tầng 2\\tkho\\nB\\r\\\\');
    expect(copyField('\\N')).toBe('\\\\N');
  });
});
