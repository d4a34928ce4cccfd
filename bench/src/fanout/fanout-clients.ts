/**
 * One process of watching consoles (forked by run-fanout-bench.ts): opens its sockets, takes every
 * device status as the wall map does, and records how late each arrived (receipt − the `at` the
 * writer stamped). Socket.IO clients ask for `device:statusBatch` and acknowledge each batch, as the
 * web console does; raw WebSocket clients read the reference broadcast's frames.
 */
import WebSocket from 'ws';
import { io, type Socket } from 'socket.io-client';
import { OPS_NAMESPACE } from '@cityops/contracts';
import { LatencyHistogram } from './latency-histogram.ts';

export type ClientJob = { kind: 'socketio'; consoleUrl: string; cookies: string[]; count: number } | { kind: 'ws'; url: string; count: number };

export type ToClients = { type: 'reset' } | { type: 'stats'; id: number };
export type FromClients =
  | { type: 'ready'; connected: number }
  | { type: 'failed'; error: string }
  | { type: 'stats'; id: number; counts: number[]; received: number[]; disconnected: number };

interface StatusItem {
  at?: string;
}

let histogram = new LatencyHistogram();
const received: number[] = [];
let disconnected = 0;

function take(index: number, items: readonly StatusItem[]): void {
  const now = Date.now();
  for (const item of items) {
    received[index] = (received[index] ?? 0) + 1;
    if (item.at) histogram.add(now - Date.parse(item.at));
  }
}

function openSocketIo(job: Extract<ClientJob, { kind: 'socketio' }>, index: number): Promise<Socket> {
  const socket = io(new URL(OPS_NAMESPACE, job.consoleUrl).toString(), {
    transports: ['websocket'],
    extraHeaders: { cookie: job.cookies[index % job.cookies.length]!, origin: new URL(job.consoleUrl).origin },
    auth: { batch: ['device:status'] },
    reconnection: false,
    timeout: 30_000,
  });
  socket.on('device:status', (body: StatusItem) => take(index, [body]));
  socket.on('device:statusBatch', (body: { items: StatusItem[] }, ack?: () => void) => {
    take(index, body.items);
    ack?.();
  });
  socket.on('disconnect', () => (disconnected += 1));
  return new Promise((resolve, reject) => {
    socket.once('replay:done', () => resolve(socket));
    socket.once('connect_error', (err) => reject(new Error(`socket ${index}: ${err.message}`)));
  });
}

function openWs(url: string, index: number): Promise<WebSocket> {
  const ws = new WebSocket(url);
  ws.on('message', (data) => take(index, (JSON.parse(String(data)) as { items: StatusItem[] }).items));
  ws.on('close', () => (disconnected += 1));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

process.once('message', (job: ClientJob) => {
  const opened: Promise<unknown>[] = [];
  for (let i = 0; i < job.count; i++) opened.push(job.kind === 'socketio' ? openSocketIo(job, i) : openWs(job.url, i));
  Promise.all(opened).then(
    () => process.send!({ type: 'ready', connected: job.count } satisfies FromClients),
    (err: Error) => process.send!({ type: 'failed', error: err.message } satisfies FromClients),
  );
  process.on('message', (m: ToClients) => {
    if (m.type === 'reset') {
      histogram = new LatencyHistogram();
      received.fill(0);
    } else if (m.type === 'stats') {
      const counts = Array.from({ length: job.count }, (_, i) => received[i] ?? 0);
      process.send!({ type: 'stats', id: m.id, counts: histogram.counts, received: counts, disconnected } satisfies FromClients);
    }
  });
});
process.on('disconnect', () => process.exit(0));
