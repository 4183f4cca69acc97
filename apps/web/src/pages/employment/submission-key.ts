import { useRef } from 'react';
import { ApiError, newIdempotencyKey } from '../../app/api.ts';

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
