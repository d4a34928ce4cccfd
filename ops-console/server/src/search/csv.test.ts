import { describe, expect, it } from 'vitest';
import { toCsv, vnLocal } from './csv.ts';

describe('CSV for Excel', () => {
  it('starts with a BOM, quotes what needs it, ends rows with CRLF', () => {
    const csv = toCsv(
      ['Số', 'Nội dung'],
      [
        [1, 'Rác thải, ùn ứ "đầu ngõ"'],
        [2, 'dòng 1\ndòng 2'],
        [3, null],
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1)).toBe('Số,Nội dung\r\n1,"Rác thải, ùn ứ ""đầu ngõ"""\r\n2,"dòng 1\ndòng 2"\r\n3,\r\n');
  });

  it('defuses cells that would run as formulas', () => {
    expect(
      toCsv(['x'], [['=HYPERLINK("http://x")'], ['+1'], ['-2'], ['@SUM(A1)'], [-3]])
        .slice(1)
        .split('\r\n'),
    ).toEqual(['x', `"'=HYPERLINK(""http://x"")"`, "'+1", "'-2", "'@SUM(A1)", '-3', '']);
  });

  it('writes times in Hà Nội local time', () => {
    expect(vnLocal('2026-12-04T01:05:00.000Z')).toBe('2026-12-04 08:05:00');
    expect(vnLocal(null)).toBe('');
  });
});
