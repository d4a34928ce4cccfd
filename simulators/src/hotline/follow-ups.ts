import type { Hotline, TicketStateRequest } from '@cityops/contracts';
import { chance, pick, uniform, type Rng } from '../core/rng.ts';

export interface FollowUp {
  afterMs: number;
  body: TicketStateRequest;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * What the call centre does with a ticket after filing it, as delays from the call: a 1022 report
 * is forwarded within the 5-minute rule nine times out of ten (the rest are late and breach, which
 * alerting reports), worked on, and answered within hours; an emergency call is handed to its
 * responders at once and closed when they report back. Sample timings.
 */
export function followUps(rng: Rng, line: Hotline): FollowUp[] {
  if (line === '1022') {
    const forward = chance(rng, 0.9) ? uniform(rng, 0.7 * MIN, 4 * MIN) : uniform(rng, 6 * MIN, 15 * MIN);
    const work = forward + uniform(rng, 5 * MIN, 60 * MIN);
    return [
      {
        afterMs: forward,
        body: { state: 'forwarded', note: pick(rng, ['Đã chuyển UBND phường', 'Đã chuyển Sở Xây dựng', 'Đã chuyển Công ty Môi trường đô thị']) },
      },
      { afterMs: work, body: { state: 'in_progress' } },
      { afterMs: work + uniform(rng, 1 * HOUR, 6 * HOUR), body: { state: 'answered', note: 'Đơn vị đã xử lý và trả lời người phản ánh' } },
    ];
  }
  const handed = uniform(rng, 0.3 * MIN, 1 * MIN);
  return [
    { afterMs: handed, body: { state: 'forwarded', note: `Đã chuyển lực lượng ${line}` } },
    { afterMs: handed + uniform(rng, 8 * MIN, 25 * MIN), body: { state: 'answered', note: 'Lực lượng đã có mặt và xử lý' } },
  ];
}
