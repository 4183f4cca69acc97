import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { AttachmentStore } from './attachments-store.ts';

/**
 * Orphan sweep for the content-addressed store. `storeUpload` writes the file before the owner's transaction, so a
 * transaction that rolls back leaves a file no `files` / `attachment` row names. This removes such files once they
 * are older than a grace period (long enough for any upload's transaction to have committed), and leftover
 * temporary files of interrupted writes. A file whose content is uploaded again has its time refreshed by
 * `AttachmentStore.put`, so it is never swept while the new upload's transaction runs.
 */

export interface SweepOptions {
  /** Files modified less than this long ago are kept (default 24 hours). */
  graceMs?: number;
  /** Count only, delete nothing. */
  dryRun?: boolean;
  now?: Date;
}

export interface SweepResult {
  /** Stored files looked at. */
  scanned: number;
  /** Files some `files` or `attachment` row names. */
  referenced: number;
  /** Unreferenced files still within the grace period. */
  young: number;
  /** Unreferenced files removed (or, in a dry run, that would be). */
  removed: number;
  removedBytes: number;
  /** Stale temporary files removed. */
  tmpRemoved: number;
  dryRun: boolean;
}

export const DEFAULT_SWEEP_GRACE_MS = 24 * 3600_000;
const DIGEST = /^[0-9a-f]{64}$/;
const SHARD = /^[0-9a-f]{2}$/;
const BATCH = 500;

async function dirEntries(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch {
    return [];
  }
}

export async function sweepOrphanedAttachments(
  db: Kysely<DB>,
  store: AttachmentStore,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const graceMs = options.graceMs ?? DEFAULT_SWEEP_GRACE_MS;
  const cutoff = (options.now ?? new Date()).getTime() - graceMs;
  const dryRun = options.dryRun ?? false;
  const result: SweepResult = {
    scanned: 0,
    referenced: 0,
    young: 0,
    removed: 0,
    removedBytes: 0,
    tmpRemoved: 0,
    dryRun,
  };

  let batch: { digest: string; path: string; size: number; mtimeMs: number }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const digests = batch.map((f) => f.digest);
    const known = new Set<string>();
    for (const r of await db.selectFrom('files').select('digest').where('digest', 'in', digests).execute())
      known.add(r.digest);
    for (const r of await db
      .selectFrom('attachment')
      .select('fileDigest')
      .where('fileDigest', 'in', digests)
      .execute())
      known.add(r.fileDigest);
    for (const f of batch) {
      if (known.has(f.digest)) result.referenced++;
      else if (f.mtimeMs > cutoff) result.young++;
      else {
        // Re-check the time right before removing: an upload of the same content may have just touched it.
        const now = await stat(f.path).catch(() => null);
        if (!now) continue;
        if (now.mtimeMs > cutoff) {
          result.young++;
          continue;
        }
        if (!dryRun) await rm(f.path, { force: true });
        result.removed++;
        result.removedBytes += f.size;
      }
    }
    batch = [];
  };

  for (const a of await dirEntries(store.root)) {
    if (!SHARD.test(a)) continue;
    for (const b of await dirEntries(join(store.root, a))) {
      if (!SHARD.test(b)) continue;
      for (const name of await dirEntries(join(store.root, a, b))) {
        if (!DIGEST.test(name) || !name.startsWith(a + b)) continue;
        const path = join(store.root, a, b, name);
        const st = await stat(path).catch(() => null);
        if (!st?.isFile()) continue;
        result.scanned++;
        batch.push({ digest: name, path, size: st.size, mtimeMs: st.mtimeMs });
        if (batch.length >= BATCH) await flush();
      }
    }
  }
  await flush();

  const tmpDir = join(store.root, 'tmp');
  for (const name of await dirEntries(tmpDir)) {
    const path = join(tmpDir, name);
    const st = await stat(path).catch(() => null);
    if (!st?.isFile() || st.mtimeMs > cutoff) continue;
    if (!dryRun) await rm(path, { force: true });
    result.tmpRemoved++;
  }
  return result;
}
