/**
 * Just enough MIME to read what our notifier sends (one text part): unfolded headers with RFC 2047
 * encoded words decoded, and the body decoded from quoted-printable or base64. Tests read mails
 * as a person's mail client would show them.
 */
export function decodeMail(raw: string): { headers: Map<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).toLowerCase(), decodeWords(line.slice(i + 1).trim()));
  }
  const body = raw.slice(split + 4);
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const bytes = cte === 'base64' ? Buffer.from(body, 'base64') : cte === 'quoted-printable' ? quotedPrintable(body) : Buffer.from(body, 'utf8');
  return { headers, text: bytes.toString('utf8') };
}

function quotedPrintable(s: string): Buffer {
  const soft = s.replace(/=\r\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      out.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(out);
}

function decodeWords(v: string): string {
  // Adjacent encoded words are joined without the space between them (RFC 2047 §6.2).
  return v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : quotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );
}
