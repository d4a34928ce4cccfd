import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '@cityops/contracts';
import { checklistOf, openRequired, sopProblem } from './checklist.ts';

const items = [
  { id: 'confirm', text: 'Xác minh', required: true },
  { id: 'call-114', text: 'Báo 114', required: true },
  { id: 'outcome', text: 'Ghi kết quả', required: false },
];
const tick = (item: string, done: boolean, actor: string, at: string): TimelineEntry => ({ type: 'checklist', at, actor, note: null, data: { item, done } });

describe('an incident checklist', () => {
  it('takes the latest tick or untick of each item from the timeline', () => {
    const timeline: TimelineEntry[] = [
      { type: 'opened', at: '2026-12-04T01:00:00Z', actor: null, note: null, data: {} },
      tick('confirm', true, 'lan', '2026-12-04T01:01:00Z'),
      tick('call-114', true, 'lan', '2026-12-04T01:02:00Z'),
      tick('call-114', false, 'minh', '2026-12-04T01:03:00Z'),
      tick('gone-item', true, 'lan', '2026-12-04T01:04:00Z'),
    ];
    const list = checklistOf(items, timeline);
    expect(list).toEqual([
      { id: 'confirm', text: 'Xác minh', required: true, done: true, by: 'lan', at: '2026-12-04T01:01:00Z' },
      { id: 'call-114', text: 'Báo 114', required: true, done: false, by: null, at: null },
      { id: 'outcome', text: 'Ghi kết quả', required: false, done: false, by: null, at: null },
    ]);
    expect(openRequired(list).map((i) => i.id)).toEqual(['call-114']);
  });

  it('refuses a list with an id twice', () => {
    expect(sopProblem(items)).toBeNull();
    expect(sopProblem([...items, { id: 'confirm', text: 'x', required: false }])).toMatch(/confirm appears twice/);
  });
});
