import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { CityopsError, HTTP_ERRORS, type HttpErrorCode } from '@cityops/contracts';

export const PROBLEM_TYPE_BASE = 'https://cityops.dev/problems/';

/** Sends an RFC 9457 problem document with our stable `code`. */
export function sendProblem(reply: FastifyReply, code: HttpErrorCode, detail?: string, extra: Record<string, unknown> = {}): FastifyReply {
  const spec = HTTP_ERRORS[code];
  return reply
    .code(spec.status)
    .type('application/problem+json')
    .send({
      type: `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`,
      title: spec.title,
      status: spec.status,
      code,
      ...(detail ? { detail } : {}),
      instance: reply.request.url,
      ...extra,
    });
}

/** The one error handler: domain errors, schema failures and surprises all become problem details. */
export function registerProblemDetails(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | CityopsError, request, reply) => {
    if (err instanceof CityopsError) return sendProblem(reply, err.code, err.message, err.extra);
    if ((err as FastifyError).validation) return sendProblem(reply, 'CITYOPS_REQUEST_INVALID', err.message);
    const status = (err as FastifyError).statusCode;
    // Clients retry or fix differently: a smaller body, or JSON instead of another type.
    if (status === 413) return sendProblem(reply, 'CITYOPS_BODY_TOO_LARGE', err.message);
    if (status === 415) return sendProblem(reply, 'CITYOPS_UNSUPPORTED_MEDIA_TYPE', err.message);
    if (status && status >= 400 && status < 500) return sendProblem(reply, 'CITYOPS_REQUEST_INVALID', err.message);
    request.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 'CITYOPS_INTERNAL');
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, 'CITYOPS_NOT_FOUND', `${request.method} ${request.url.split('?')[0]}`));
}
