import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { Upload } from './attachments.service.ts';
import { contentDisposition } from './attachments-content.ts';

/** Registers multipart parsing in the calling plugin's scope (each module's routes are their own scope). */
export async function enableUploads(app: FastifyInstance, maxBytes: number): Promise<void> {
  if (!app.hasContentTypeParser('multipart/form-data'))
    await app.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 11 } });
}

/** The one file of a multipart request, read whole up to `maxBytes` (beyond that: PAYLOAD_TOO_LARGE). */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!request.isMultipart()) throw new AppError('BAD_REQUEST', '请以 multipart/form-data 上传文件');
  // preservePath: see the name as sent, so a name with a path in it is refused rather than silently cut down.
  const part = await request.file({ preservePath: true, limits: { fileSize: maxBytes, files: 1 } });
  if (!part) throw new AppError('BAD_REQUEST', '请选择要上传的文件');
  const content = await part.toBuffer();
  if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE');
  return { fileName: part.filename, content };
}

/** Sends a file with its type and an RFC 5987 Content-Disposition (Chinese names survive); never cached. */
export function sendFile(
  reply: FastifyReply,
  file: { fileName: string; mediaType: string; content: Buffer },
  disposition: 'inline' | 'attachment' = 'attachment',
) {
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', contentDisposition(disposition, file.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(file.content);
}
