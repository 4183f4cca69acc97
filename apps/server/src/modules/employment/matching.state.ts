import type { TMatchIndexStatus, TMatchWeight, TMatchWeights } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import {
  defaultWeights,
  type EducationLevel,
  type HoursKind,
  MatchingError,
  MatchingIndex,
  type MatchWeights,
  type PostingProfile,
  type SeekerProfile,
} from '@qiaoti/matching';
import { ParameterNotInForceError, valueAt } from '@qiaoti/policy';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { currentRulebook } from '../policy/policy.service.ts';
import { businessDay } from '../registry/registry-deps.ts';
import { allSeekersForIndex } from './seekers.repository.ts';

/**
 * The matching index of one database: built from the database on first use (lazily; its state is shown in the
 * console), then kept current after each posting or seeker change. One per database handle, so tests on isolated
 * databases never see each other's postings.
 */
interface Holder {
  index: MatchingIndex | null;
  building: Promise<MatchingIndex> | null;
  /** The weights the index (or the build under way) scores with, as a key: another key in force → rebuild. */
  weightsKey: string | null;
  state: TMatchIndexStatus['state'];
  builtAt: Date | null;
  buildMs: number | null;
  error: string | null;
}

const holders = new WeakMap<Kysely<DB>, Holder>();

function holderOf(db: Kysely<DB>): Holder {
  let h = holders.get(db);
  if (!h) {
    h = {
      index: null,
      building: null,
      weightsKey: null,
      state: 'empty',
      builtAt: null,
      buildMs: null,
      error: null,
    };
    holders.set(db, h);
  }
  return h;
}

const availableStatuses = new Set(['registered', 'unemployed', 'flexible']);

const asEducation = (v: string | null): EducationLevel | null => (v ? (v as EducationLevel) : null);

interface PostingIndexRow {
  id: string;
  title: string;
  description: string;
  occupationCode: string;
  skills: string[];
  education: string | null;
  wageMinFen: number;
  wageMaxFen: number;
  workplaceCode: string | null;
  workplaceKind: string;
  hours: HoursKind;
  publishedAt: Date | null;
  closingDate: string | null;
  organisationId: string;
}

export function postingProfile(r: PostingIndexRow): PostingProfile {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    occupationCode: r.occupationCode,
    skills: r.skills,
    educationMin: asEducation(r.education),
    wageMinFen: r.wageMinFen,
    wageMaxFen: r.wageMaxFen,
    placeCode: r.workplaceKind === 'outside' ? null : r.workplaceCode,
    hours: r.hours,
    // Open from the day it was published; a published posting is open until its closing date.
    openFrom: r.publishedAt ? businessDay(new Date(r.publishedAt)) : '2000-01-01',
    closingDate: r.closingDate,
    employerId: r.organisationId,
  };
}

type SeekerIndexRow = Awaited<ReturnType<typeof allSeekersForIndex>>[number];

export function seekerProfile(r: SeekerIndexRow): SeekerProfile {
  return {
    id: r.id,
    occupationCodes: r.occupationsWanted,
    skills: r.skills,
    education: asEducation(r.education),
    expectedWageFen: r.expectedWageFen,
    homeVillageCode: r.residenceVillageCode,
    maxCommuteKm: r.maxCommuteKm,
    hoursWanted: r.hoursWanted as HoursKind[],
    priority: r.assistancePriority,
    available: availableStatuses.has(r.status),
  };
}

const postingIndexColumns = [
  'id',
  'title',
  'description',
  'occupationCode',
  'skills',
  'education',
  'wageMinFen',
  'wageMaxFen',
  'workplaceCode',
  'workplaceKind',
  'hours',
  'publishedAt',
  'closingDate',
  'organisationId',
] as const;

/** What the index needs from the server: the database and the server clock (fake in tests). */
export interface IndexDeps {
  db: Kysely<DB>;
  clock: () => Date;
}

type WeightPart = keyof MatchWeights;

/** Each score part's dated policy parameter (packages/policy/rulebook/parameters/employment.matching.*.yaml). */
export const weightParameters: Readonly<Record<WeightPart, string>> = {
  occupation: 'employment.matching.weight_occupation',
  skills: 'employment.matching.weight_skills',
  distance: 'employment.matching.weight_distance',
  wage: 'employment.matching.weight_wage',
  hours: 'employment.matching.weight_hours',
  education: 'employment.matching.weight_education',
  priority: 'employment.matching.priority_boost',
};

const weightParts = Object.keys(weightParameters) as WeightPart[];

/**
 * The matching weights in force on `day`: the rulebook's parameters with the changes scheduled in the console laid
 * over them. A parameter that is not in force (ended) or not numeric falls back to the package default; six fits
 * that sum to 0 fall back to the defaults as a whole (the index cannot scale them).
 */
export async function weightsInForce(
  db: Kysely<DB>,
  day: string,
): Promise<TMatchWeights & { weights: MatchWeights }> {
  const book = await currentRulebook(db);
  const weights: MatchWeights = { ...defaultWeights };
  const read = new Map<WeightPart, Omit<TMatchWeight, 'points'>>();
  for (const part of weightParts) {
    const id = weightParameters[part];
    const p = book.parameters.get(id);
    let item: Omit<TMatchWeight, 'points'> = {
      part,
      parameterId: id,
      label: p?.label ?? id,
      value: defaultWeights[part],
      since: null,
      cites: [],
      pending: true,
    };
    if (p) {
      try {
        const v = valueAt(p, day);
        if (typeof v.value === 'number' && Number.isFinite(v.value) && v.value >= 0) {
          item = { ...item, value: v.value, since: v.since, cites: [...v.cites], pending: v.pending };
        }
      } catch (e) {
        if (!(e instanceof ParameterNotInForceError)) throw e;
      }
    }
    weights[part] = item.value;
    read.set(part, item);
  }
  const fits = weightParts.filter((x) => x !== 'priority');
  const sum = fits.reduce((a, x) => a + weights[x], 0);
  const effective = sum > 0 ? weights : { ...defaultWeights, priority: weights.priority };
  const k = 100 / fits.reduce((a, x) => a + effective[x], 0);
  const items = weightParts.flatMap((part) => {
    const item = read.get(part);
    if (!item) return [];
    const points = part === 'priority' ? effective.priority : effective[part] * k;
    return [{ ...item, points: Math.round(points * 10) / 10 }];
  });
  return { asOf: day, items, weights: effective };
}

const keyOf = (w: MatchWeights): string => weightParts.map((p) => w[p]).join('/');

async function build(deps: IndexDeps, weights: MatchWeights): Promise<MatchingIndex> {
  const db = deps.db;
  // The server clock, so queries without an explicit day (stats) agree with the business day of the request.
  const index = new MatchingIndex({ weights, today: () => businessDay(deps.clock()) });
  const postings = await db
    .selectFrom('jobPosting')
    .select(postingIndexColumns)
    .where('status', '=', 'published')
    .execute();
  for (const p of postings) safely(() => index.upsertPosting(postingProfile(p)));
  for (const s of await allSeekersForIndex(db)) safely(() => index.upsertSeeker(seekerProfile(s)));
  return index;
}

/** A stored row the index refuses (a code retired from the list) is left out rather than failing the build. */
function safely(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof MatchingError)) throw e;
  }
}

/**
 * The index, building it on first use with the weights in force today (server clock). When the weights in force
 * change (a parameter change scheduled in the console takes effect), the index is built again with them; queries
 * meanwhile wait for that build. Concurrent callers share one build.
 */
export async function ensureIndex(deps: IndexDeps): Promise<MatchingIndex> {
  const h = holderOf(deps.db);
  const { weights } = await weightsInForce(deps.db, businessDay(deps.clock()));
  const key = keyOf(weights);
  if (h.index && h.weightsKey === key) return h.index;
  if (h.building && h.weightsKey === key) return h.building;
  if (h.building) await h.building.catch(() => undefined);
  if (h.index && h.weightsKey === key) return h.index;
  if (!h.building || h.weightsKey !== key) {
    const started = performance.now();
    h.state = 'building';
    h.weightsKey = key;
    h.building = build(deps, weights).then(
      (index) => {
        h.index = index;
        h.state = 'ready';
        h.builtAt = new Date();
        h.buildMs = Math.round(performance.now() - started);
        h.error = null;
        h.building = null;
        return index;
      },
      (e: unknown) => {
        h.state = 'failed';
        h.error = e instanceof Error ? e.message : String(e);
        h.building = null;
        h.weightsKey = null;
        throw e;
      },
    );
  }
  return h.building;
}

/** Drops the index and builds it again from the database (staff, from the console). */
export async function rebuild(deps: IndexDeps): Promise<MatchingIndex> {
  const h = holderOf(deps.db);
  if (h.building) await h.building.catch(() => undefined);
  h.index = null;
  h.weightsKey = null;
  return ensureIndex(deps);
}

/** Starts a build in the background (at server start); errors show in the status. */
export function startIndexBuild(deps: IndexDeps): void {
  ensureIndex(deps).catch(() => undefined);
}

export function indexStatus(db: Kysely<DB>, asOf: string): TMatchIndexStatus {
  const h = holderOf(db);
  const stats = h.index?.stats(asOf);
  return {
    state: h.state,
    builtAt: h.builtAt ? h.builtAt.toISOString() : null,
    buildMs: h.buildMs,
    postings: stats?.postings ?? 0,
    openPostings: stats?.openPostings ?? 0,
    seekers: stats?.seekers ?? 0,
    segmenter: stats?.segmenter ?? null,
    error: h.error,
  };
}

/** After a posting changed (committed): published ones are (re)indexed, others removed. No-op before the build. */
export async function refreshPosting(db: Kysely<DB>, id: string): Promise<void> {
  const h = holderOf(db);
  if (h.building) await h.building.catch(() => undefined);
  const index = h.index;
  if (!index) return;
  const row = await db
    .selectFrom('jobPosting')
    .select([...postingIndexColumns, 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row?.status === 'published') safely(() => index.upsertPosting(postingProfile(row)));
  else index.removePosting(id);
}

export async function refreshSeeker(db: Kysely<DB>, id: string): Promise<void> {
  const h = holderOf(db);
  if (h.building) await h.building.catch(() => undefined);
  const index = h.index;
  if (!index) return;
  const rows = await allSeekersForIndexById(db, id);
  const row = rows[0];
  if (row) safely(() => index.upsertSeeker(seekerProfile(row)));
  else index.removeSeeker(id);
}

async function allSeekersForIndexById(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('jobSeeker')
    .innerJoin('persons', 'persons.id', 'jobSeeker.personId')
    .select([
      'jobSeeker.id',
      'jobSeeker.status',
      'jobSeeker.occupationsWanted',
      'jobSeeker.skills',
      'jobSeeker.education',
      'jobSeeker.expectedWageFen',
      'jobSeeker.maxCommuteKm',
      'jobSeeker.hoursWanted',
      'jobSeeker.assistancePriority',
      'persons.residenceVillageCode',
    ])
    .where('jobSeeker.id', '=', id)
    .execute();
}

/** Matching errors (unknown codes in a query) become the API's errors, with the Chinese message and the value. */
export function asAppError(e: unknown): unknown {
  if (!(e instanceof MatchingError)) return e;
  const code = e.code.startsWith('UNKNOWN') ? 'UNKNOWN_CODE' : 'VALIDATION_FAILED';
  return new AppError(code, e.message, { code: e.value });
}
