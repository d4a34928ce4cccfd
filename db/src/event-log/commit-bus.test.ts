import { describe, expect, it } from 'vitest';
import { CommitBus } from './commit-bus.ts';

describe('CommitBus', () => {
  it('wakes every reader on each commit, until it unsubscribes', () => {
    const bus = new CommitBus();
    const woken: string[] = [];
    const stopA = bus.subscribe(() => woken.push('alerting'));
    bus.subscribe(() => woken.push('realtime'));
    bus.notify();
    stopA();
    const { notify } = bus;
    notify();
    expect(woken).toEqual(['alerting', 'realtime', 'realtime']);
  });
});
