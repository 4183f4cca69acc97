// The worker thread of `startPiiPreparer` (pii-crypto.ts): blind indexes and sealed values of a batch of rows,
// computed off the main thread so a bulk import can prepare its next chunk while the database writes this one.
// It receives the master key from its parent (in-process memory, never written anywhere) and answers each request
// with the same formats `PiiCrypto` produces on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { PiiPrepared, PiiPrepareRequest } from './pii-crypto.ts';
import { createPiiCrypto } from './pii-crypto.ts';

const crypto = createPiiCrypto((workerData as { masterKeyHex: string }).masterKeyHex);

parentPort?.on('message', (req: PiiPrepareRequest) => {
  try {
    const phones = req.phones.flatMap((p, i) => (p ? [{ i, p }] : []));
    const sealedPhones = crypto.encryptMany(phones.map((x) => x.p));
    const phoneCiphers: (string | null)[] = req.phones.map(() => null);
    phones.forEach(({ i }, n) => {
      phoneCiphers[i] = sealedPhones[n] ?? null;
    });
    const answer: PiiPrepared = {
      seq: req.seq,
      idIndexes: req.ids.map((id) => crypto.blindIndex('id_number', id)),
      idCiphers: crypto.encryptMany(req.ids),
      phoneIndexes: req.phones.map((p) => (p ? crypto.blindIndex('phone', p) : null)),
      phoneCiphers,
    };
    parentPort?.postMessage(answer);
  } catch (error) {
    parentPort?.postMessage({ seq: req.seq, error: error instanceof Error ? error.message : String(error) });
  }
});
