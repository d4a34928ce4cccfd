import { describe, expect, it } from 'vitest';
import { fillGatewayRequest, type TemplateValues } from './gateway-template.ts';

const values: TemplateValues = {
  to: '+84 90 123',
  text: 'Báo cháy "Tầng 3" & khói\nnhiều',
  incidentId: '42',
  link: 'https://ioc.example/?incident=42',
  idempotencyKey: 'incident:42:opened:cp1',
};

describe('fillGatewayRequest', () => {
  it('escapes values inside a JSON template, so a quote in a message cannot change the body', () => {
    const r = fillGatewayRequest(
      {
        url: 'https://sms.example/send',
        method: 'POST',
        contentType: 'application/json',
        bodyTemplate: '{"to":"{{to}}","msg":"{{ text }}","ref":"{{idempotencyKey}}"}',
        to: values.to,
      },
      values,
    );
    expect(JSON.parse(r.body!)).toEqual({ to: '+84 90 123', msg: values.text, ref: values.idempotencyKey });
  });
  it('form-encodes for form bodies and URL-encodes in the URL', () => {
    const r = fillGatewayRequest(
      {
        url: 'https://zalo.example/oa/message?user={{to}}&ref={{idempotencyKey}}',
        method: 'POST',
        contentType: 'application/x-www-form-urlencoded',
        bodyTemplate: 'text={{text}}&link={{link}}',
        to: values.to,
      },
      values,
    );
    expect(r.url).toBe('https://zalo.example/oa/message?user=%2B84%2090%20123&ref=incident%3A42%3Aopened%3Acp1');
    expect(Object.fromEntries(new URLSearchParams(r.body!))).toEqual({ text: values.text, link: values.link });
  });
  it('sends no body with GET, and leaves unknown placeholders as written', () => {
    const r = fillGatewayRequest(
      { url: 'https://sms.example/?m={{text}}&x={{secret}}', method: 'GET', contentType: 'text/plain', bodyTemplate: '{{text}}', to: '1' },
      values,
    );
    expect(r.body).toBeUndefined();
    expect(r.url).toContain('&x={{secret}}');
  });
});
