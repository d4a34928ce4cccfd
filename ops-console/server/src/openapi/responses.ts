import Type, { type TSchema } from 'typebox';

/**
 * What a route answers, for /api/openapi.json. Documentation only: replies are serialised as the
 * handler builds them (openapi-plugin.ts), so these never filter or reshape a reply.
 */
export const ok = (schema: TSchema, description = 'OK') => ({ 200: { ...schema, description } });
export const created = (schema: TSchema, description = 'Created') => ({ 201: { ...schema, description } });
export const noContent = { 204: { type: 'null', description: 'Done; no body.' } } as const;

/** `{ items: [...] }`, the shape of every list the API answers without a type of its own. */
export const itemsOf = (item: TSchema) => Type.Object({ items: Type.Array(item) });

/** A body in another media type than JSON (CSV exports, HTML pages, Prometheus text). */
export const mediaOf = (code: number, mediaType: string, description: string) => ({
  [code]: { description, content: { [mediaType]: { schema: { type: 'string' } } } },
});

/** JSON by default; `?format=csv` gives the same rows as a CSV file for Excel (UTF-8 with BOM). */
export const jsonOrCsv = (schema: TSchema) => ({
  200: {
    description: 'The rows as JSON, or as CSV with format=csv.',
    content: { 'application/json': { schema }, 'text/csv': { schema: { type: 'string' } } },
  },
});
