import {
  ZAttachment,
  ZBornDigitalQuery,
  ZBorrow,
  ZBorrowDecision,
  ZBorrowList,
  ZBorrowQueueQuery,
  ZBorrowRequest,
  ZBorrowReturn,
  ZCertificate,
  ZCertificateList,
  ZCertificateRequest,
  ZCertificateRequestInput,
  ZCertificateRequestList,
  ZCertificateRequestQueueQuery,
  ZCertificateRequestReject,
  ZDigitalCatalogue,
  ZDigitalTransfer,
  ZDigitalTransferList,
  ZIssueCertificate,
  ZSendDigitalTransfer,
  ZUuid,
} from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../plugins/access.ts';
import { idempotencyKeyOf } from '../../plugins/idempotency.ts';
import { enableUploads, readUpload, sendFile } from '../attachments/attachments.http.ts';
import { registerAttachmentsSweepJob } from '../attachments/attachments.jobs.ts';
import { decideBorrow, listBorrowQueue, requestBorrow, returnBorrow } from './borrow.service.ts';
import {
  certificatePdf,
  issueCertificate,
  issueRequestedCertificate,
  listArchiveCertificates,
  listCertificateRequestQueue,
  listMyCertificateRequests,
  listMyCertificates,
  rejectCertificateRequest,
  requestCertificate,
} from './certificates.service.ts';
import { digitalDeps } from './digital.access.ts';
import {
  addBornDigital,
  digitalReceiptPdf,
  getDigitalCatalogue,
  listDigitalTransfers,
  openMaterialFile,
  receiveDigitalTransfer,
  sendDigitalTransfer,
  uploadScan,
} from './digital.service.ts';
import { transferDocumentPdf } from './documents.service.ts';

const ZId = z.object({ id: ZUuid });
const ZView = z.object({ inline: z.enum(['0', '1']).optional() });
const PDF = 'application/pdf';

/**
 * Digitisation (scans, born-digital documents, catalogue, online transfer of a digitised archive), transfer documents
 * (调档函, 档案转递通知单 + 回执), borrowing/inspection and 存档证明. Uploads are multipart with one file; the file's
 * type is decided by its content.
 */
export const archivesDigitalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['archives'];
  const deps = () => digitalDeps(app.ctx);
  const maxBytes = app.ctx.config.attachments.maxBytes;
  await enableUploads(app, maxBytes);
  await registerAttachmentsSweepJob(app);

  // ── Digitisation ─────────────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/archives/:id/digital',
    {
      config: { permission: 'archives.read' },
      schema: {
        tags,
        summary: '数字化目录：按十类列出材料、页数和数字化情况',
        params: ZId,
        response: { 200: ZDigitalCatalogue },
      },
    },
    async (request) => getDigitalCatalogue(deps(), requireActor(request), request.params.id),
  );

  app.post(
    '/api/archives/materials/:id/scans',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '上传材料扫描件（PDF、JPEG、PNG、TIFF，按内容识别）',
        consumes: ['multipart/form-data'],
        params: ZId,
        response: { 201: ZAttachment },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request, maxBytes);
      return reply
        .status(201)
        .send(await uploadScan(deps(), requireActor(request), request.params.id, upload));
    },
  );

  app.post(
    '/api/archives/:id/born-digital',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '接收原生电子文件（新增一份材料，原件即所传文件）',
        consumes: ['multipart/form-data'],
        params: ZId,
        querystring: ZBornDigitalQuery,
        response: { 201: z.object({ materialId: ZUuid, attachment: ZAttachment }) },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request, maxBytes);
      return reply
        .status(201)
        .send(await addBornDigital(deps(), requireActor(request), request.params.id, request.query, upload));
    },
  );

  app.get(
    '/api/archives/files/:id',
    {
      config: { permission: 'archives.read' },
      schema: { tags, summary: '查看或下载档案材料文件（留痕）', params: ZId, querystring: ZView },
    },
    async (request, reply) => {
      const file = await openMaterialFile(deps(), requireActor(request), request.params.id);
      return sendFile(reply, file, request.query.inline === '1' ? 'inline' : 'attachment');
    },
  );

  app.post(
    '/api/archives/:id/digital-transfers',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '在线转递数字档案（材料清单和 SM3 摘要）',
        params: ZId,
        body: ZSendDigitalTransfer,
        response: { 201: ZDigitalTransfer },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await sendDigitalTransfer(
            deps(),
            requireActor(request),
            request.params.id,
            request.body.toAgencyId,
            idempotencyKeyOf(request),
          ),
        ),
  );

  app.get(
    '/api/archives/digital-transfers',
    {
      config: { permission: 'archives.read' },
      schema: { tags, summary: '本机构发出和收到的数字档案包', response: { 200: ZDigitalTransferList } },
    },
    async (request) => listDigitalTransfers(deps(), requireActor(request)),
  );

  app.post(
    '/api/archives/digital-transfers/:id/receive',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '接收数字档案包：逐一校验摘要，通过则出具回执',
        params: ZId,
        response: { 200: ZDigitalTransfer },
      },
    },
    async (request) =>
      receiveDigitalTransfer(deps(), requireActor(request), request.params.id, idempotencyKeyOf(request)),
  );

  app.get(
    '/api/archives/digital-transfers/:id/receipt.pdf',
    {
      config: { permission: 'archives.read' },
      schema: { tags, summary: '数字档案接收回执（PDF）', params: ZId, querystring: ZView },
    },
    async (request, reply) => {
      const doc = await digitalReceiptPdf(deps(), requireActor(request), request.params.id);
      return sendFile(
        reply,
        { fileName: doc.fileName, mediaType: PDF, content: doc.content },
        request.query.inline === '1' ? 'inline' : 'attachment',
      );
    },
  );

  // ── Transfer documents ───────────────────────────────────────────────────────────────────────────────────
  for (const kind of ['letter', 'notice'] as const) {
    app.get(
      `/api/archives/transfers/:id/${kind}.pdf`,
      {
        config: { permission: 'archives.read' },
        schema: {
          tags,
          summary: kind === 'letter' ? '调档函（PDF）' : '档案转递通知单及回执（PDF）',
          params: ZId,
          querystring: ZView,
        },
      },
      async (request, reply) => {
        const doc = await transferDocumentPdf(deps(), requireActor(request), request.params.id, kind);
        return sendFile(
          reply,
          { fileName: doc.fileName, mediaType: PDF, content: doc.content },
          request.query.inline === '1' ? 'inline' : 'attachment',
        );
      },
    );
  }

  // ── 存档证明 ─────────────────────────────────────────────────────────────────────────────────────────────
  app.post(
    '/api/archives/:id/certificates',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '出具存档证明（免费）',
        params: ZId,
        body: ZIssueCertificate,
        response: { 201: ZCertificate },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await issueCertificate(
            deps(),
            requireActor(request),
            request.params.id,
            request.body,
            idempotencyKeyOf(request),
          ),
        ),
  );

  app.get(
    '/api/archives/:id/certificates',
    {
      config: { permission: 'archives.read' },
      schema: { tags, summary: '本档案已出具的存档证明', params: ZId, response: { 200: ZCertificateList } },
    },
    async (request) => listArchiveCertificates(deps(), requireActor(request), request.params.id),
  );

  app.get(
    '/api/archives/certificates/:id/pdf',
    {
      config: { permission: ['archives.read', 'self.read'] },
      schema: { tags, summary: '存档证明（PDF）', params: ZId, querystring: ZView },
    },
    async (request, reply) => {
      const doc = await certificatePdf(deps(), requireActor(request), request.params.id);
      return sendFile(
        reply,
        { fileName: doc.fileName, mediaType: PDF, content: doc.content },
        request.query.inline === '1' ? 'inline' : 'attachment',
      );
    },
  );

  app.get(
    '/api/me/archive/certificates',
    {
      config: { permission: 'self.read' },
      schema: { tags, summary: '我的存档证明', response: { 200: ZCertificateList } },
    },
    async (request) => listMyCertificates(deps(), requireActor(request)),
  );

  // ── 存档证明 requested online ─────────────────────────────────────────────────────────────────────────────
  app.post(
    '/api/me/archive/certificate-requests',
    {
      config: { permission: 'self.read' },
      schema: {
        tags,
        summary: '在线申请存档证明（免费，在线下载）',
        body: ZCertificateRequestInput,
        response: { 201: ZCertificateRequest },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await requestCertificate(
            deps(),
            requireActor(request),
            request.body,
            idempotencyKeyOf(request, { required: true }),
          ),
        ),
  );

  app.get(
    '/api/me/archive/certificate-requests',
    {
      config: { permission: 'self.read' },
      schema: {
        tags,
        summary: '我的存档证明申请',
        response: { 200: z.object({ requests: z.array(ZCertificateRequest) }) },
      },
    },
    async (request) => listMyCertificateRequests(deps(), requireActor(request)),
  );

  app.get(
    '/api/archives/certificate-requests',
    {
      config: { permission: 'archives.read' },
      schema: {
        tags,
        summary: '存档证明在线申请队列',
        querystring: ZCertificateRequestQueueQuery,
        response: { 200: ZCertificateRequestList },
      },
    },
    async (request) => listCertificateRequestQueue(deps(), requireActor(request), request.query.state),
  );

  app.post(
    '/api/archives/certificate-requests/:id/issue',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '出具申请的存档证明并通知申请人',
        params: ZId,
        response: { 200: ZCertificateRequest },
      },
    },
    async (request) =>
      issueRequestedCertificate(
        deps(),
        requireActor(request),
        request.params.id,
        idempotencyKeyOf(request, { required: true }),
      ),
  );

  app.post(
    '/api/archives/certificate-requests/:id/reject',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '不予出具（说明原因）并通知申请人',
        params: ZId,
        body: ZCertificateRequestReject,
        response: { 200: ZCertificateRequest },
      },
    },
    async (request) =>
      rejectCertificateRequest(
        deps(),
        requireActor(request),
        request.params.id,
        request.body,
        idempotencyKeyOf(request, { required: true }),
      ),
  );

  // ── Borrowing and inspection ─────────────────────────────────────────────────────────────────────────────
  app.post(
    '/api/archives/borrows',
    {
      config: { permission: 'archives.read' },
      schema: {
        tags,
        summary: '申请借阅或查阅档案（说明用途和期限）',
        body: ZBorrowRequest,
        response: { 201: ZBorrow },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await requestBorrow(deps(), requireActor(request), request.body, idempotencyKeyOf(request))),
  );

  app.get(
    '/api/archives/borrows',
    {
      config: { permission: 'archives.read' },
      schema: {
        tags,
        summary: '借阅队列（待审批、借出中、已超期、已办结）',
        querystring: ZBorrowQueueQuery,
        response: { 200: ZBorrowList },
      },
    },
    async (request) => listBorrowQueue(deps(), requireActor(request), request.query.queue),
  );

  app.post(
    '/api/archives/borrows/:id/decision',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '审批借阅、查阅申请',
        params: ZId,
        body: ZBorrowDecision,
        response: { 200: ZBorrow },
      },
    },
    async (request) =>
      decideBorrow(deps(), requireActor(request), request.params.id, request.body, idempotencyKeyOf(request)),
  );

  app.post(
    '/api/archives/borrows/:id/return',
    {
      config: { permission: 'archives.manage' },
      schema: { tags, summary: '登记归还', params: ZId, body: ZBorrowReturn, response: { 200: ZBorrow } },
    },
    async (request) =>
      returnBorrow(deps(), requireActor(request), request.params.id, request.body, idempotencyKeyOf(request)),
  );
};
