import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks and SMS/Zalo gateways may be sent. A contact point's URL is typed by an admin, and
 * the notifier then makes requests from inside the center's network and keeps the start of error
 * answers on the timeline: aimed at the machine itself or a cloud metadata address, it would be a way
 * to reach and read what no one outside should. So some addresses are refused by default, checked on
 * the address actually connected to (after DNS), not on how the URL is written.
 */
export interface TargetPolicy {
  /** CIDRs reachable even if refused below (`127.0.0.1/32` for a receiver on the same machine). */
  allowNetworks: readonly string[];
  /** Also refuse private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7): for a notifier that only ever talks to the internet. */
  denyPrivate: boolean;
}

export const DEFAULT_TARGET_POLICY: TargetPolicy = { allowNetworks: [], denyPrivate: false };

/** Loopback, "this host", link-local (cloud metadata lives at 169.254.169.254) and multicast: never a receiver. */
const ALWAYS_REFUSED: readonly [string, number, 'ipv4' | 'ipv6', string][] = [
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['0.0.0.0', 8, 'ipv4', 'this host'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['224.0.0.0', 3, 'ipv4', 'multicast or reserved'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['::', 128, 'ipv6', 'this host'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];
const PRIVATE: readonly [string, number, 'ipv4' | 'ipv6', string][] = [
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT'],
  ['fc00::', 7, 'ipv6', 'private'],
];

/** Parses `a.b.c.d/n` or `v6::/n` (a bare address is one host); null when it is neither. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', bits] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits))) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export interface TargetGuard {
  /** Why an address may not be connected to, or null when it may. */
  refusal(address: string): string | null;
  /** A `lookup` for node:http that resolves, then refuses the connection when any answer is refused. */
  lookup: typeof dnsLookup;
}

export function createTargetGuard(policy: TargetPolicy): TargetGuard {
  const refusedBy = new Map<string, BlockList>();
  const rule = (list: readonly [string, number, 'ipv4' | 'ipv6', string][]) => {
    for (const [address, prefix, family, why] of list) {
      const b = refusedBy.get(why) ?? new BlockList();
      b.addSubnet(address, prefix, family);
      refusedBy.set(why, b);
    }
  };
  rule(ALWAYS_REFUSED);
  if (policy.denyPrivate) rule(PRIVATE);
  const allowed = new BlockList();
  for (const cidr of policy.allowNetworks) {
    const c = parseCidr(cidr);
    if (c) allowed.addSubnet(c.address, c.prefix, c.family);
  }

  function refusal(raw: string): string | null {
    // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw)?.[1];
    const address = mapped ?? raw;
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (allowed.check(address, family)) return null;
    for (const [why, list] of refusedBy) {
      if (list.check(address, family)) return `the receiver's address ${address} is ${why}: not allowed (CITYOPS_NOTIFY_ALLOW_NETWORKS lets it through)`;
    }
    return null;
  }

  const lookup = ((hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as LookupAddress[];
      const refused = list.map((a) => refusal(a.address)).find((r) => r !== null);
      if (refused) return callback(Object.assign(new Error(refused), { code: 'CITYOPS_TARGET_REFUSED' }), '');
      const all = (options as { all?: boolean }).all;
      if (all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  }) as unknown as typeof dnsLookup;

  return { refusal, lookup };
}
