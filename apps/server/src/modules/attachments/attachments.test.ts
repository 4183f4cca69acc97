import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sm3Hex } from '@qiaoti/db';
import { AppError } from '../../errors.ts';
import { storeUpload } from './attachments.service.ts';
import { samples } from './attachments.test-kit.ts';
import {
  checkFileName,
  checkType,
  contentDisposition,
  scanMediaTypes,
  sniffType,
} from './attachments-content.ts';
import { AttachmentStore } from './attachments-store.ts';

const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

describe('attachments: type by content, names, sizes, content-addressed store', () => {
  let root: string;
  let store: AttachmentStore;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'qiaoti-attach-'));
    store = new AttachmentStore(root);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('recognises PDF, JPEG, PNG and TIFF by their content', async () => {
    assert.equal((await sniffType(samples.pdf))?.mediaType, 'application/pdf');
    assert.equal((await sniffType(samples.jpeg))?.mediaType, 'image/jpeg');
    assert.equal((await sniffType(samples.png))?.mediaType, 'image/png');
    assert.equal((await sniffType(samples.tiff))?.mediaType, 'image/tiff');
  });

  it('rejects a renamed executable and unrecognisable content (UNSUPPORTED_FILE)', async () => {
    await assert.rejects(checkType(samples.exe, scanMediaTypes), (e: unknown) => {
      assert.ok(isCode('UNSUPPORTED_FILE')(e));
      assert.match((e as AppError).message, /EXE/);
      return true;
    });
    await assert.rejects(
      checkType(Buffer.from('just text, named scan.pdf'), scanMediaTypes),
      isCode('UNSUPPORTED_FILE'),
    );
    await assert.rejects(
      storeUpload(
        { store, maxBytes: 1024 * 1024 },
        { fileName: '扫描件.pdf', content: samples.exe },
        scanMediaTypes,
      ),
      isCode('UNSUPPORTED_FILE'),
    );
    assert.deepEqual(await readdir(root).catch(() => []), [], 'nothing stored');
  });

  it('rejects names with a path or control characters, keeps Chinese names', () => {
    for (const bad of [
      '../etc/passwd',
      '..\\x.pdf',
      'a/b.pdf',
      '..',
      'C:\\x.pdf',
      'x\u0000.pdf',
      'a\nb.pdf',
      '',
    ])
      assert.throws(() => checkFileName(bad), isCode('VALIDATION_FAILED'), JSON.stringify(bad));
    assert.equal(checkFileName(' 干部履历表（扫描）.pdf '), '干部履历表（扫描）.pdf');
  });

  it('rejects an oversized file before storing it (PAYLOAD_TOO_LARGE)', async () => {
    const big = Buffer.concat([samples.pdf, Buffer.alloc(2048)]);
    await assert.rejects(
      storeUpload({ store, maxBytes: 1024 }, { fileName: 'big.pdf', content: big }, scanMediaTypes),
      isCode('PAYLOAD_TOO_LARGE'),
    );
  });

  it('stores the same content once, under its SM3 digest, and verifies it', async () => {
    const deps = { store, maxBytes: 1024 * 1024 };
    const a = await storeUpload(deps, { fileName: '一.png', content: samples.png }, scanMediaTypes);
    const b = await storeUpload(
      deps,
      { fileName: '二.png', content: Buffer.from(samples.png) },
      scanMediaTypes,
    );
    assert.equal(a.digest, sm3Hex(samples.png));
    assert.equal(b.digest, a.digest);
    assert.equal(a.isNew, true);
    assert.equal(b.isNew, false);
    assert.equal(a.mediaType, 'image/png');
    const shard = await readdir(join(root, a.digest.slice(0, 2), a.digest.slice(2, 4)));
    assert.deepEqual(shard, [a.digest]);
    assert.deepEqual(await store.verify(a.digest), { ok: true, reason: null });
    assert.throws(() => store.pathOf('../../etc/passwd'));
  });

  it('Content-Disposition carries the Chinese name per RFC 5987 with an ASCII fallback', () => {
    const h = contentDisposition('attachment', '存档证明 ZM-CZ-1.pdf');
    assert.equal(
      h,
      `attachment; filename="____ ZM-CZ-1.pdf"; filename*=UTF-8''%E5%AD%98%E6%A1%A3%E8%AF%81%E6%98%8E%20ZM-CZ-1.pdf`,
    );
  });
});
