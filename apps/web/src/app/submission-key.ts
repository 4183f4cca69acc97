import { useRef } from 'react';
import { ApiError, newIdempotencyKey } from './api.ts';

/**
 * One Idempotency-Key per form submission: the same key for every retry of that submission (a double click, a
 * lost response, a 5xx), a new one once it succeeded. A definite refusal (4xx: invalid input, not allowed,
 * conflict) also ends the submission — the person changes the form and submits anew, and reusing the key with a
 * different body would only give IDEMPOTENCY_MISMATCH.
 */
export class SubmissionKey {
  #key: string | null = null;
  readonly #make: () => string;

  constructor(make: () => string = newIdempotencyKey) {
    this.#make = make;
  }

  /** The key for the submission under way (created on first use). */
  current(): string {
    this.#key ??= this.#make();
    return this.#key;
  }

  succeeded(): void {
    this.#key = null;
  }

  /** Starts a new submission (a dialog opened for another record): the next attempt gets a new key. */
  reset(): void {
    this.#key = null;
  }

  /** After an error: keep the key when a retry may still find the first attempt's effect, else start anew. */
  failed(error: unknown): void {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) this.#key = null;
  }

  /** Runs one attempt of the submission with its key. */
  async run<T>(attempt: (idempotencyKey: string) => Promise<T>): Promise<T> {
    try {
      const result = await attempt(this.current());
      this.succeeded();
      return result;
    } catch (e) {
      this.failed(e);
      throw e;
    }
  }
}

/** A SubmissionKey kept for the component's life (one per form or action button). */
export function useSubmissionKey(): SubmissionKey {
  const ref = useRef<SubmissionKey | null>(null);
  ref.current ??= new SubmissionKey();
  return ref.current;
}

/**
 * Keys for the several actions of one page, by what each acts on (a task, a claim): one submission key each,
 * kept until that action succeeds (`done`).
 */
export function useSubmissionKeys(): { get: (what: string) => string; done: (what: string) => void } {
  const ref = useRef<{ get: (what: string) => string; done: (what: string) => void } | null>(null);
  if (!ref.current) {
    const keys = new Map<string, SubmissionKey>();
    ref.current = {
      get: (what) => {
        let k = keys.get(what);
        if (!k) {
          k = new SubmissionKey();
          keys.set(what, k);
        }
        return k.current();
      },
      done: (what) => {
        keys.delete(what);
      },
    };
  }
  return ref.current;
}
