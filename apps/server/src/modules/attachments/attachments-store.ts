import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sm3Hex } from '@qiaoti/db';

/**
 * Content-addressed file store (DESIGN §4b attachments): a file's name is the SM3 digest of its content, so the same
 * content is stored once however often it is uploaded, and a file can be checked against its name at any time.
 * Layout: `<root>/<d0d1>/<d2d3>/<digest>`. Writes go to a temporary file in the root and are renamed into place, so a
 * crash never leaves a half-written file under a digest name.
 */

const DIGEST = /^[0-9a-f]{64}$/;

export interface StoredFile {
  digest: string;
  size: number;
  /** False when a file with this content was already there. */
  isNew: boolean;
}

export class AttachmentStore {
  constructor(readonly root: string) {}

  pathOf(digest: string): string {
    if (!DIGEST.test(digest)) throw new Error('摘要格式不正确');
    return join(this.root, digest.slice(0, 2), digest.slice(2, 4), digest);
  }

  async put(content: Uint8Array): Promise<StoredFile> {
    const digest = sm3Hex(Buffer.from(content.buffer, content.byteOffset, content.byteLength));
    const target = this.pathOf(digest);
    if (await exists(target)) {
      // Reused content: mark it as just used, so the orphan sweep's grace period covers the transaction that is
      // about to reference it (an old orphan with this content would otherwise be swept before that commit).
      const now = new Date();
      await utimes(target, now, now).catch(() => undefined);
      return { digest, size: content.byteLength, isNew: false };
    }
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${digest}.${randomBytes(6).toString('hex')}`);
    try {
      await writeFile(tmp, content, { flag: 'wx' });
      await mkdir(join(this.root, digest.slice(0, 2), digest.slice(2, 4)), { recursive: true });
      await rename(tmp, target);
    } finally {
      await rm(tmp, { force: true });
    }
    return { digest, size: content.byteLength, isNew: true };
  }

  async read(digest: string): Promise<Buffer> {
    return readFile(this.pathOf(digest));
  }

  /** Reads the file and checks its content still hashes to its name. */
  async verify(digest: string): Promise<{ ok: boolean; reason: string | null }> {
    let content: Buffer;
    try {
      content = await this.read(digest);
    } catch {
      return { ok: false, reason: '文件缺失' };
    }
    return sm3Hex(content) === digest ? { ok: true, reason: null } : { ok: false, reason: '内容与摘要不符' };
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
