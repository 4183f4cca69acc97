import { incomeBandOf, type TAddPersonFactRequest, type TPersonFact } from '@qiaoti/contracts';
import { findOccupation } from '@qiaoti/db/reference/occupations';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { factValueOn, insertFact, insertMobilityEvents, type ScalarValue } from './facts.repository.ts';
import { findPersonById } from './persons.repository.ts';
import { auditDenied, fieldError } from './persons.service.ts';
import { unknownCode } from './places.service.ts';
import { auditRegistry } from './registry-audit.ts';
import { businessDay, type RegistryDeps } from './registry-deps.ts';
import { makeLabeler, presentFact } from './registry-presenters.ts';
import { isPersonInScope, registryScopeOf, requirePermission } from './registry-scope.ts';

/** Which mobility event a fact's change writes (DESIGN §4.3), and the value compared. */
const mobilityOf: Record<
  TAddPersonFactRequest['fact'],
  { kind: string; value: (v: ScalarValue) => ScalarValue }
> = {
  employment_status: { kind: 'employment_status', value: (v) => v },
  employer: { kind: 'employer', value: (v) => v },
  occupation_code: { kind: 'occupation', value: (v) => v },
  // A raise inside a band is not mobility; crossing a band is.
  monthly_income_fen: { kind: 'income_band', value: (v) => incomeBandOf(Number(v)) },
  education: { kind: 'education', value: (v) => v },
};

/**
 * Records a dated fact (DESIGN §4.2) and, when it changes the value that held on its date, the mobility event —
 * both in one transaction. Codes are checked: an unknown occupation or employer is an error.
 */
export async function addPersonFact(
  deps: RegistryDeps,
  actor: Actor,
  personId: string,
  input: TAddPersonFactRequest,
): Promise<TPersonFact> {
  requirePermission(actor, 'registry.person.write');
  const scope = registryScopeOf(actor);
  const person = await findPersonById(deps.db, personId);
  if (!person) throw new AppError('NOT_FOUND');
  if (!isPersonInScope(scope, person) || scope.kind === 'self') {
    await auditDenied(deps, actor, 'person.fact.add', 'person', personId);
    throw new AppError('NOT_FOUND');
  }
  const at = deps.clock();
  if (input.validFrom > businessDay(at)) throw fieldError('validFrom', '起始日期不能晚于今天');
  if (input.validFrom < person.birthDate) throw fieldError('validFrom', '起始日期不能早于出生日期');
  if (input.fact === 'occupation_code' && findOccupation(input.value)?.level !== '细类')
    throw unknownCode('value', input.value);
  if (input.fact === 'employer') {
    const org = await deps.db
      .selectFrom('organisations')
      .select('kind')
      .where('id', '=', input.value)
      .executeTakeFirst();
    if (!org) throw unknownCode('value', input.value);
  }

  const map = mobilityOf[input.fact];
  const fact = await deps.db.transaction().execute(async (trx) => {
    const before = await factValueOn(trx, personId, input.fact, input.validFrom);
    const row = await insertFact(trx, {
      personId,
      fact: input.fact,
      value: input.value,
      validFrom: input.validFrom,
      source: input.source ?? 'registry',
      recordedBy: actor.accountId,
    });
    const from = before === null ? null : map.value(before);
    const to = map.value(input.value);
    if (from !== to) {
      await insertMobilityEvents(trx, [
        {
          personId,
          kind: map.kind,
          fromValue: from,
          toValue: to,
          occurredOn: input.validFrom,
          source: 'registry.fact',
        },
      ]);
    }
    await auditRegistry(trx, actor, at, {
      event: 'person.fact.add',
      objectType: 'person',
      objectId: personId,
      outcome: 'success',
      details: { fact: input.fact, validFrom: input.validFrom },
    });
    return row;
  });
  const label = await makeLabeler(deps.db, input.fact === 'employer' ? [input.value] : []);
  return presentFact(label, fact);
}
