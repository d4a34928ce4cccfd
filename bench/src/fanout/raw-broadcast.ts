/**
 * The reference for bench (l) (forked by run-fanout-bench.ts): a bare `ws` server that makes the same
 * device-status frames the console sends (`{ items: [...] }`, a batch every `frameMs`) and writes
 * each, encoded once, to every connected client. No sessions, no database, no resume points: what
 * a broadcast of these frames costs on this machine at the least.
 */
import { WebSocketServer, type WebSocket } from 'ws';

export type ToBroadcast = { type: 'go'; ratePerSec: number; frameMs: number; devices: number } | { type: 'stop' };
export type FromBroadcast = { type: 'listening'; port: number } | { type: 'stopped'; items: number };

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
const clients = new Set<WebSocket>();
server.on('connection', (ws) => {
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
});
server.on('listening', () => {
  const address = server.address();
  process.send!({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 } satisfies FromBroadcast);
});

let timer: NodeJS.Timeout | undefined;
let items = 0;
process.on('message', (m: ToBroadcast) => {
  if (m.type === 'go') {
    const started = Date.now();
    let sent = 0;
    timer = setInterval(() => {
      // Paced by elapsed time: a late tick sends what it owes.
      const due = Math.floor(((Date.now() - started) / 1000) * m.ratePerSec) - sent;
      if (due <= 0) return;
      const at = new Date().toISOString();
      const frame = Array.from({ length: due }, (_, k) => {
        const n = sent + k;
        return { sseq: n + 1, id: `CAM-FO-${n % m.devices}`, kind: 'camera', status: n % 2 ? 'online' : 'offline', lat: 21, lon: 105.8, area: 'A001', at };
      });
      sent += due;
      items = sent;
      const encoded = JSON.stringify({ sseq: sent, items: frame });
      for (const ws of clients) ws.send(encoded);
    }, m.frameMs);
  } else {
    clearInterval(timer);
    process.send!({ type: 'stopped', items } satisfies FromBroadcast);
  }
});
process.on('disconnect', () => process.exit(0));
