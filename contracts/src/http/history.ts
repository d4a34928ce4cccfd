import Type from 'typebox';
import { IsoTime } from './common.ts';
import { QueueLoadEvent } from '../realtime/events.ts';

/**
 * History API: rollups of every stream over a time range, served from the continuous
 * aggregates on TimescaleDB and from plain views on PostgreSQL (db/migrations/0010).
 */
export const HISTORY_STREAMS = ['cameras', 'fire', 'transit', 'queues', 'tickets', 'kpi'] as const;
export const HistoryStream = Type.Enum(HISTORY_STREAMS);
export type HistoryStream = Type.Static<typeof HistoryStream>;

/** Bucket widths the rollups keep; `1d` is a Hà Nội day (starts 00:00 UTC+7). */
export const HISTORY_BUCKETS = ['5m', '1h', '1d'] as const;
export const HistoryBucket = Type.Enum(HISTORY_BUCKETS);
export type HistoryBucket = Type.Static<typeof HistoryBucket>;
export const HISTORY_BUCKET_SECONDS: Readonly<Record<HistoryBucket, number>> = { '5m': 300, '1h': 3600, '1d': 86_400 };

const Num = Type.Union([Type.Number(), Type.Null()]);
const Count = Type.Integer({ minimum: 0 });

export const CameraHistoryPoint = Type.Object({
  bucket: IsoTime,
  reports: Count,
  online: Count,
  offline: Count,
  degraded: Count,
  tampered: Count,
  /** Share of status reports that said online (0–100). */
  onlinePct: Num,
});
export const FireHistoryPoint = Type.Object({ bucket: IsoTime, events: Count, alarms: Count, troubles: Count });
export const TransitHistoryPoint = Type.Object({ bucket: IsoTime, taps: Count, accepted: Count, rejected: Count, fareVnd: Count });
export const QueueHistoryPoint = Type.Object({
  bucket: IsoTime,
  /** Offices (kiosks) that reported in the bucket. */
  offices: Count,
  reports: Count,
  /** Sums over the offices of each office's mean in the bucket. */
  waiting: Type.Number(),
  serving: Type.Number(),
  countersOpen: Type.Number(),
  /** Mean of the reported average waits; the worst one; the 90th percentile over offices. */
  avgWaitSec: Num,
  maxWaitSec: Num,
  p90WaitSec: Num,
  satisfactionPct: Num,
});
export const TicketHistoryPoint = Type.Object({
  bucket: IsoTime,
  /** Tickets created in the bucket, by line and by the state they are in now. */
  opened: Count,
  byLine: Type.Record(Type.String(), Count),
  byState: Type.Record(Type.String(), Count),
});
/** The KPI strip's figures per bucket (sparklines), each as the strip defines it at the bucket's end. */
export const KpiHistoryPoint = Type.Object({
  bucket: IsoTime,
  camerasOnlinePct: Num,
  openIncidents: Count,
  mttaSec: Num,
  qrTapsPerMin: Num,
  queueWaiting: Num,
  queueP90WaitSec: Num,
  hotlineCompliancePct: Num,
  messagesPerSecond: Num,
});
export type CameraHistoryPoint = Type.Static<typeof CameraHistoryPoint>;
export type FireHistoryPoint = Type.Static<typeof FireHistoryPoint>;
export type TransitHistoryPoint = Type.Static<typeof TransitHistoryPoint>;
export type QueueHistoryPoint = Type.Static<typeof QueueHistoryPoint>;
export type TicketHistoryPoint = Type.Static<typeof TicketHistoryPoint>;
export type KpiHistoryPoint = Type.Static<typeof KpiHistoryPoint>;

/** GET /api/history/{stream}?from=&to=&bucket=&area= */
export const HistoryResponse = Type.Object({
  stream: HistoryStream,
  bucket: HistoryBucket,
  bucketSeconds: Type.Integer({ minimum: 1 }),
  /** The range answered: `from` aligned down to a bucket start, `to` exclusive. */
  from: IsoTime,
  to: IsoTime,
  areas: Type.Union([Type.Array(Type.String()), Type.Null()]),
  /** Oldest first; buckets without data are left out (the kpi stream has every bucket). */
  points: Type.Array(Type.Union([CameraHistoryPoint, FireHistoryPoint, TransitHistoryPoint, QueueHistoryPoint, TicketHistoryPoint, KpiHistoryPoint])),
});
export type HistoryResponse = Type.Static<typeof HistoryResponse>;

export const QUEUE_RANKING_METRICS = ['waiting', 'avgWait', 'satisfaction'] as const;
export const QueueRankingMetric = Type.Enum(QUEUE_RANKING_METRICS);
export type QueueRankingMetric = Type.Static<typeof QueueRankingMetric>;

/** One office (`level=office`) or area (`level=area`) over the window. */
export const QueueRankingItem = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  /** Office: the kiosk's device id; area: the area code. */
  id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  area: Type.Union([Type.String(), Type.Null()]),
  offices: Count,
  reports: Count,
  waiting: Type.Number(),
  maxWaiting: Count,
  serving: Type.Number(),
  countersOpen: Type.Number(),
  avgWaitSec: Num,
  maxWaitSec: Num,
  satisfactionPct: Num,
});
export type QueueRankingItem = Type.Static<typeof QueueRankingItem>;

/** GET /api/queues/ranking?from=&to=&level=&by=&order=&limit=&area= */
export const QueueRankingResponse = Type.Object({
  level: Type.Enum(['office', 'area']),
  by: QueueRankingMetric,
  order: Type.Enum(['asc', 'desc']),
  from: IsoTime,
  to: IsoTime,
  items: Type.Array(QueueRankingItem),
});
export type QueueRankingResponse = Type.Static<typeof QueueRankingResponse>;

/** One office's latest queue load: the `queue:load` event without its stream position (one definition of the fields). */
export const LatestQueueLoad = Type.Omit(QueueLoadEvent, ['sseq']);
export type LatestQueueLoad = Type.Static<typeof LatestQueueLoad>;

/** GET /api/queues/latest: every registered kiosk's latest stored load (the map's office layer on load). */
export const LatestQueueLoadsResponse = Type.Object({ items: Type.Array(LatestQueueLoad) });
export type LatestQueueLoadsResponse = Type.Static<typeof LatestQueueLoadsResponse>;

/** Taps of one route at one stop in one 5-minute bucket; lat/lon the mean of the taps' positions. */
export const RidershipItem = Type.Object({
  bucket: IsoTime,
  routeId: Type.String(),
  stopId: Type.Union([Type.String(), Type.Null()]),
  area: Type.Union([Type.String(), Type.Null()]),
  taps: Count,
  accepted: Count,
  rejected: Count,
  fareVnd: Count,
  lat: Num,
  lon: Num,
});
export type RidershipItem = Type.Static<typeof RidershipItem>;

/** GET /api/transit/ridership?from=&to=&route=&stop=&area=&limit= */
export const RidershipResponse = Type.Object({
  bucketSeconds: Type.Literal(300),
  from: IsoTime,
  to: IsoTime,
  /** Newest bucket first, busiest stop first within a bucket. */
  items: Type.Array(RidershipItem),
  /** More rows matched than `limit`: narrow the range or the filters. */
  truncated: Type.Boolean(),
});
export type RidershipResponse = Type.Static<typeof RidershipResponse>;
