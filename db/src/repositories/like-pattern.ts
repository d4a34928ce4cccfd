/** An ILIKE pattern (with ESCAPE '\') finding `text` anywhere: `%` and `_` typed by a user are letters, not wildcards. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
