import { crc32, deflateSync, inflateSync } from 'node:zlib';

/** An 8-bit RGBA image. */
export interface Rgba8Image {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major. */
  data: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Channels per colour type (8-bit only): grey, RGB, grey+alpha, RGBA. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/**
 * Decodes the PNGs Chromium writes for screenshots: 8-bit, non-interlaced, grey / RGB / RGBA.
 * Just enough to look at pixels without a dependency.
 */
export function decodePng(png: Buffer): Rgba8Image {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let off = 8; off < png.length;) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const body = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8]!;
      const colourType = body[9]!;
      const interlace = body[12]!;
      channels = CHANNELS[colourType] ?? 0;
      if (depth !== 8 || !channels || interlace !== 0) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colourType}, interlace ${interlace})`);
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? rows[dst + x - channels]! : 0;
      const b = y > 0 ? rows[dst - stride + x]! : 0;
      const c = x >= channels && y > 0 ? rows[dst - stride + x - channels]! : 0;
      let v = raw[src + x]!;
      switch (filter) {
        case 0:
          break;
        case 1:
          v += a;
          break;
        case 2:
          v += b;
          break;
        case 3:
          v += (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`bad PNG filter ${filter} on row ${y}`);
      }
      rows[dst + x] = v & 0xff;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    const grey = channels <= 2;
    data[i * 4] = rows[j]!;
    data[i * 4 + 1] = grey ? rows[j]! : rows[j + 1]!;
    data[i * 4 + 2] = grey ? rows[j]! : rows[j + 2]!;
    data[i * 4 + 3] = channels === 4 ? rows[j + 3]! : channels === 2 ? rows[j + 1]! : 255;
  }
  return { width, height, data };
}

export interface ColourStats {
  /** Distinct RGB values. */
  distinct: number;
  /** Share of pixels that have the most common colour, 0..1. */
  dominantShare: number;
}

export function colourStats(img: Rgba8Image): ColourStats {
  const counts = new Map<number, number>();
  for (let i = 0; i < img.data.length; i += 4) {
    const key = (img.data[i]! << 16) | (img.data[i + 1]! << 8) | img.data[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const top = Math.max(...counts.values());
  return { distinct: counts.size, dominantShare: top / (img.width * img.height) };
}

/** Pixels for which `match(r, g, b)` holds whose distance from (cx, cy) lies in [rMin, rMax]. */
export function countInRing(img: Rgba8Image, cx: number, cy: number, rMin: number, rMax: number, match: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(cy - rMax)); y <= Math.min(img.height - 1, Math.ceil(cy + rMax)); y++) {
    for (let x = Math.max(0, Math.floor(cx - rMax)); x <= Math.min(img.width - 1, Math.ceil(cx + rMax)); x++) {
      const d = Math.hypot(x - cx, y - cy);
      if (d < rMin || d > rMax) continue;
      const i = (y * img.width + x) * 4;
      if (match(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!)) n++;
    }
  }
  return n;
}

/** A PNG of one colour (8-bit RGB): a stand-in for a citizen's photo, served by a test. */
export function encodeSolidPng(width: number, height: number, [r, g, b]: readonly [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  // Each row: filter byte 0, then RGB triples.
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
