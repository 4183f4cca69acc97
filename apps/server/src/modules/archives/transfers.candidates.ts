import type { TUnitDirectCandidate } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { actorAgency } from './agencies.service.ts';
import { openTransferStates } from './transfers.machine.ts';

/**
 * For a unit with archive authority: the people it has hired (current placements, 入职) with where their archive is,
 * so staff pick the placement to transfer directly. Other agencies get `authorised: false` and no list.
 */
export async function unitDirectCandidates(
  db: Kysely<DB>,
  actor: Actor,
): Promise<{ authorised: boolean; candidates: TUnitDirectCandidate[] }> {
  const mine = await actorAgency(db, actor);
  if (mine.kind !== 'authorised_unit' || !mine.organisationId) return { authorised: false, candidates: [] };
  const rows = await db
    .selectFrom('placement as pl')
    .innerJoin('persons as p', 'p.id', 'pl.personId')
    .leftJoin('archive as a', 'a.personId', 'pl.personId')
    .leftJoin('archiveAgency as g', 'g.id', 'a.custodianAgencyId')
    .select([
      'pl.id as placementId',
      'pl.personId',
      'p.name as personName',
      'p.idNumberMasked',
      'pl.startDate',
      'a.id as archiveId',
      'a.archiveNumber',
      'a.custodianAgencyId',
      'g.name as custodianName',
      (eb) =>
        eb
          .selectFrom('archiveTransfer as t')
          .whereRef('t.archiveId', '=', 'a.id')
          .where('t.state', 'in', [...openTransferStates])
          .select('t.state')
          .limit(1)
          .as('openTransfer'),
    ])
    .where('pl.organisationId', '=', mine.organisationId)
    .where('pl.endDate', 'is', null)
    .orderBy('pl.startDate', 'desc')
    .limit(200)
    .execute();
  return {
    authorised: true,
    candidates: rows.map((r) => ({
      placementId: r.placementId,
      personId: r.personId,
      personName: r.personName,
      idNumberMasked: r.idNumberMasked,
      startDate: r.startDate,
      archive:
        r.archiveId && r.archiveNumber
          ? {
              id: r.archiveId,
              archiveNumber: r.archiveNumber,
              custodianName: r.custodianName ?? '',
              heldHere: r.custodianAgencyId === mine.id,
              openTransfer: r.openTransfer ?? null,
            }
          : null,
    })),
  };
}
