import type { TExplanation } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Explanation, Rulebook } from '@qiaoti/policy';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { insertDecision } from '../policy/policy.repository.ts';
import { currentRulebook, pinsOf, presentExplanation } from '../policy/policy.service.ts';

/** Shanghai calendar day of an instant (the county's day). */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function explainRule(book: Rulebook, ruleId: string, input: object, asOf: string): Explanation {
  try {
    return book.explain(ruleId, input, asOf);
  } catch (error) {
    throw new AppError(
      'VALIDATION_FAILED',
      `无法计算：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Evaluates a rule and stores the decision record (input, versions, outcome, reasons, parameters read) in the
 * caller's transaction, as the policy module does.
 */
export async function decideAndRecord(
  trx: Kysely<DB>,
  actor: Actor,
  input: {
    ruleId: string;
    input: object;
    asOf: string;
    subjectType: 'person' | 'case';
    subjectId: string | null;
  },
): Promise<{ id: string; explanation: TExplanation; outcome: Explanation['outcome'] }> {
  const book = await currentRulebook(trx);
  const e = explainRule(book, input.ruleId, input.input, input.asOf);
  const row = await insertDecision(trx, {
    ruleId: input.ruleId,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    asOf: input.asOf,
    rulesetVersion: book.version,
    parameterVersion: book.parameterVersion,
    input: input.input,
    outcome: e.outcome,
    reasons: [...e.sentences],
    parametersRead: pinsOf(e),
    decidedBy: actor.accountId,
    organisationId: actor.organisationId,
  });
  return { id: row.id, explanation: presentExplanation(book, e), outcome: e.outcome };
}
