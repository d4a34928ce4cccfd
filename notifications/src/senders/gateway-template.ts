import type { HttpGatewaySettings } from '@cityops/contracts';

export type TemplateValues = Record<'to' | 'text' | 'incidentId' | 'link' | 'idempotencyKey', string>;

const PLACEHOLDER = /\{\{\s*(to|text|incidentId|link|idempotencyKey)\s*\}\}/g;

/** The contents of a JSON string literal (without its quotes): the template supplies the quotes. */
const jsonInner = (s: string) => JSON.stringify(s).slice(1, -1);

const ESCAPES: Record<HttpGatewaySettings['contentType'], (s: string) => string> = {
  'application/json': jsonInner,
  'application/x-www-form-urlencoded': encodeURIComponent,
  'text/plain': (s) => s,
};

/**
 * Fills a provider's request template. Each value is escaped for where it lands, so a message
 * with quotes or `&` cannot change the request's shape: the body by its content type, the URL by
 * URL-encoding.
 */
export function fillGatewayRequest(s: HttpGatewaySettings, values: TemplateValues): { url: string; body: string | undefined } {
  const fill = (template: string, escape: (v: string) => string) => template.replace(PLACEHOLDER, (_, name: keyof TemplateValues) => escape(values[name]));
  return { url: fill(s.url, encodeURIComponent), body: s.method === 'GET' ? undefined : fill(s.bodyTemplate, ESCAPES[s.contentType]) };
}
