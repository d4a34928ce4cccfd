import { describe, expect, it } from 'vitest';
import { nodeRedFlows } from './flows.ts';

type FlowNode = { id: string; type: string; z?: string; wires?: string[][]; broker?: string; func?: string; initialize?: string; finalize?: string };

describe.each(['batched', 'per-message'] as const)('the %s Node-RED flow', (kind) => {
  const nodes = nodeRedFlows({ kind, brokerPort: 1883, clientId: 'cityops-bench-nodered' }) as FlowNode[];
  const ids = new Set(nodes.map((n) => n.id));

  it('is MQTT in → JSON → a function writing to PostgreSQL, every link to a node that exists', () => {
    expect(ids.size).toBe(nodes.length);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const path = ['mqtt in'];
    for (let n = nodes.find((x) => x.type === 'mqtt in'); n?.wires?.[0]?.[0];) {
      n = byId.get(n.wires[0][0]);
      expect(n, 'a wire to a missing node').toBeDefined();
      path.push(n!.type);
    }
    expect(path).toEqual(['mqtt in', 'json', 'function']);
    expect(byId.get(nodes.find((x) => x.type === 'mqtt in')!.broker!)?.type).toBe('mqtt-broker');
    for (const n of nodes.filter((x) => x.z)) expect(ids.has(n.z!)).toBe(true);
  });

  it("has function code that compiles as Node-RED's function node runs it", () => {
    const fn = nodes.find((n) => n.type === 'function')!;
    for (const code of [fn.func, fn.initialize, fn.finalize]) expect(() => new Function('msg', 'node', 'context', 'global', 'env', code!)).not.toThrow();
  });
});
