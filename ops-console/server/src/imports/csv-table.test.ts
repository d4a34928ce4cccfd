import { describe, expect, it } from 'vitest';
import { readCsv } from './csv-table.ts';

describe('readCsv', () => {
  it('reads quoted cells with delimiters, doubled quotes and line breaks, and numbers rows by their first line', () => {
    const text = '\uFEFFid,address,notes\r\nB-1,"Số 5, phố Huế","Cửa ""sau"""\r\n\r\nB-2,Ngõ 3,"hai\ndòng"\nB-3,Ngõ 4,\n';
    const { header, rows } = readCsv(text);
    expect(header).toEqual(['id', 'address', 'notes']);
    expect(rows).toEqual([
      { line: 2, cells: { id: 'B-1', address: 'Số 5, phố Huế', notes: 'Cửa "sau"' } },
      { line: 4, cells: { id: 'B-2', address: 'Ngõ 3', notes: 'hai\ndòng' } },
      { line: 6, cells: { id: 'B-3', address: 'Ngõ 4', notes: '' } },
    ]);
  });

  it('takes ; as the delimiter when the header uses it (Excel in a Vietnamese locale)', () => {
    expect(readCsv('id;lat;lon\nB-1;21,03;105,85').rows).toEqual([{ line: 2, cells: { id: 'B-1', lat: '21,03', lon: '105,85' } }]);
  });
});
