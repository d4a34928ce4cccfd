import { describe, expect, it } from 'vitest';
import { INGEST_REJECT_CODES } from '@cityops/contracts';
import { DEAD_LETTER_REASONS, payloadPreview } from './dead-letters.ts';

const b64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));

describe('dead letters on the admin screen', () => {
  it('restates every reject code the gateway gives', () => {
    expect([...DEAD_LETTER_REASONS].sort()).toEqual(Object.keys(INGEST_REJECT_CODES).sort());
  });

  it('shows UTF-8 payloads as text (Vietnamese included) and others as hex', () => {
    expect(payloadPreview(b64([...new TextEncoder().encode('{"trạng thái":"hỏng"}')]))).toEqual({ text: '{"trạng thái":"hỏng"}', binary: false });
    expect(payloadPreview(b64([0xff, 0x00, 0x41]))).toEqual({ text: 'ff 00 41', binary: true });
    expect(payloadPreview(b64([...new TextEncoder().encode('x'.repeat(50))]), 10).text).toHaveLength(10);
  });
});
