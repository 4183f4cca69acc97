import { type ErrorBody, errorCodes, type FieldIssue } from '@qiaoti/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, isAppError } from '../errors.ts';

/** One handler answers every error as `{ error: { code, message, details?, requestId } }`; never a stack trace. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(
    (error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) => {
      const appError = toAppError(error);
      const status = errorCodes[appError.code].status;
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      const body: ErrorBody = {
        error: {
          code: appError.code,
          message: appError.message,
          ...(appError.details === undefined ? {} : { details: appError.details }),
          requestId: request.id,
        },
      };
      return reply.status(status).header('cache-control', 'no-store').send(body);
    },
  );

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: { code: 'NOT_FOUND', message: '页面或接口不存在', requestId: request.id },
    };
    return reply.status(404).send(body);
  });
}

function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues: FieldIssue[] = error.validation.map((v) => ({
      path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      message: v.message ?? '格式不正确',
    }));
    return new AppError('VALIDATION_FAILED', undefined, { issues });
  }
  const e = error as FastifyError;
  if (e.code === 'FST_CSRF_INVALID_TOKEN' || e.code === 'FST_CSRF_MISSING_SECRET')
    return new AppError('CSRF_INVALID');
  if (e.statusCode === 429) return new AppError('RATE_LIMITED');
  if (e.statusCode === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE') return new AppError('PAYLOAD_TOO_LARGE');
  if (e.statusCode === 415) return new AppError('UNSUPPORTED_FILE');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError('BAD_REQUEST');
  if (isDatabaseUnavailable(error)) return new AppError('SERVICE_UNAVAILABLE');
  return new AppError('INTERNAL');
}

/** Connection failures fail closed with a generic 503, never with the driver's message. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      '57P01',
      '57P02',
      '57P03',
      '08000',
      '08001',
      '08003',
      '08006',
    ].includes(code) ||
    /Connection terminated|connect ECONNREFUSED|PGlite is closed|pool after calling end|driver has already been destroyed/i.test(
      String((error as Error)?.message),
    )
  );
}
