import type {
  TCandidateMatches,
  TJobSearchQuery,
  TJobSearchResult,
  TMatchIndexStatus,
  TMatchWeights,
  TPostingMatches,
} from '@qiaoti/contracts';
import type { MatchingIndex } from '@qiaoti/matching';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { isPersonInScope, registryScopeOf } from '../registry/registry-scope.ts';
import {
  auditEmployment,
  canManage,
  citizenPersonOf,
  denyNotFound,
  type EmploymentDeps,
  employerOrgOf,
  isStaff,
  places,
  today,
} from './employment-common.ts';
import { asAppError, ensureIndex, indexStatus, rebuild, weightsInForce } from './matching.state.ts';
import { findPosting } from './postings.repository.ts';
import { getPostingsByIds } from './postings.service.ts';
import { findSeekersByIds } from './seekers.repository.ts';
import { loadSeekerInScope, presentSeeker } from './seekers.service.ts';

async function withIndex<T>(deps: EmploymentDeps, f: (index: MatchingIndex) => T): Promise<T> {
  const index = await ensureIndex(deps);
  try {
    return f(index);
  } catch (e) {
    throw asAppError(e);
  }
}

export function matchingStatus(deps: EmploymentDeps, _actor: Actor): TMatchIndexStatus {
  return indexStatus(deps.db, today(deps));
}

/** The matching weights in force today (dated policy parameters), for the 评分规则 popover. */
export async function matchingWeights(deps: EmploymentDeps, actor: Actor): Promise<TMatchWeights> {
  if (!isStaff(actor) && !employerOrgOf(actor) && !citizenPersonOf(actor)) throw new AppError('FORBIDDEN');
  const { asOf, items } = await weightsInForce(deps.db, today(deps));
  return { asOf, items };
}

/** Rebuild on demand (staff): the next query waits for the new build. */
export async function rebuildIndex(deps: EmploymentDeps, actor: Actor): Promise<TMatchIndexStatus> {
  if (!canManage(actor)) throw new AppError('FORBIDDEN');
  await rebuild(deps);
  return indexStatus(deps.db, today(deps));
}

/**
 * A seeker's best open postings with the reasons (staff in scope, or the seeker themselves). Postings the seeker
 * already has an open referral to are kept, marked by the caller through "my applications".
 */
export async function postingsForSeeker(
  deps: EmploymentDeps,
  actor: Actor,
  seekerId: string,
  limit: number,
): Promise<TPostingMatches> {
  await loadSeekerInScope(deps, actor, seekerId);
  const day = today(deps);
  const results = await withIndex(deps, (i) => i.topPostingsForSeeker(seekerId, limit, { asOf: day }));
  const postings = await getPostingsByIds(
    deps,
    actor,
    results.map((r) => r.id),
  );
  const items = results.flatMap((r) => {
    const posting = postings.get(r.id);
    return posting && posting.status === 'published'
      ? [{ posting, score: r.score, parts: r.parts, reasons: r.reasons, distanceKm: r.distanceKm }]
      : [];
  });
  return { items, index: indexStatus(deps.db, day) };
}

/** The citizen's own recommendations (portal). */
export async function myRecommendations(
  deps: EmploymentDeps,
  actor: Actor,
  limit: number,
): Promise<TPostingMatches> {
  const self = citizenPersonOf(actor);
  if (!self) throw new AppError('FORBIDDEN');
  const row = await deps.db
    .selectFrom('jobSeeker')
    .select('id')
    .where('personId', '=', self)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '请先进行求职登记');
  return postingsForSeeker(deps, actor, row.id, limit);
}

/**
 * A posting's best candidates: staff see them in full; the posting's own employer sees them masked (family name,
 * age, township — never the ID number, phone or village). Another employer's posting is NOT_FOUND.
 */
export async function candidatesForPosting(
  deps: EmploymentDeps,
  actor: Actor,
  postingId: string,
  limit: number,
): Promise<TCandidateMatches> {
  const posting = await findPosting(deps.db, postingId);
  if (!posting) throw new AppError('NOT_FOUND');
  const employer = employerOrgOf(actor);
  const staff = isStaff(actor);
  if (!staff && employer !== posting.organisationId) {
    await denyNotFound(deps, actor, 'referral.create', 'job_posting', postingId);
  }
  const day = today(deps);
  const results = await withIndex(deps, (i) =>
    i.topCandidatesForPosting(postingId, limit * 2, { asOf: day }),
  );
  const rows = await findSeekersByIds(
    deps.db,
    results.map((r) => r.id),
  );
  const referrals = await deps.db
    .selectFrom('referral')
    .select(['seekerId', 'state'])
    .where('postingId', '=', postingId)
    .where('state', 'not in', ['rejected', 'withdrawn'])
    .execute();
  const stateOf = new Map(referrals.map((r) => [r.seekerId, r.state]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const index = await places(deps);
  const masked = !staff;
  // Staff see only seekers in their registry scope (a village worker: their village).
  const scope = staff ? registryScopeOf(actor) : null;
  const items = results
    .flatMap((r) => {
      const row = byId.get(r.id);
      if (!row) return [];
      if (
        scope &&
        !isPersonInScope(scope, { id: row.personId, residenceVillageCode: row.residenceVillageCode })
      )
        return [];
      return [
        {
          seeker: presentSeeker(index, row, day, { masked }),
          score: r.score,
          parts: r.parts,
          reasons: r.reasons,
          distanceKm: r.distanceKm,
          referralState: stateOf.get(r.id) ?? null,
        },
      ];
    })
    .slice(0, limit);
  await auditEmployment(deps.db, actor, deps.clock(), {
    event: 'person.view',
    objectType: 'job_posting',
    objectId: postingId,
    details: { action: 'matching.candidates', results: items.length, masked },
  });
  return { items, index: indexStatus(deps.db, day) };
}

/** Keyword job search over open postings (Chinese segmentation in the index). Unknown codes are errors. */
export async function searchJobs(
  deps: EmploymentDeps,
  actor: Actor,
  query: TJobSearchQuery,
): Promise<TJobSearchResult> {
  if (!isStaff(actor) && !citizenPersonOf(actor)) throw new AppError('FORBIDDEN');
  const day = today(deps);
  const hits = await withIndex(deps, (i) =>
    i.searchPostings(query.q, query.limit, {
      asOf: day,
      ...(query.placeCode ? { placeCode: query.placeCode } : {}),
      ...(query.occupationCode ? { occupationCode: query.occupationCode } : {}),
      ...(query.hours ? { hours: query.hours } : {}),
      ...(query.wageMinFen !== undefined ? { wageMinFen: query.wageMinFen } : {}),
    }),
  );
  const postings = await getPostingsByIds(
    deps,
    actor,
    hits.map((h) => h.id),
  );
  const items = hits.flatMap((h) => {
    const posting = postings.get(h.id);
    return posting && posting.status === 'published' ? [{ posting, score: h.score, matched: h.matched }] : [];
  });
  return { items, index: indexStatus(deps.db, day) };
}
