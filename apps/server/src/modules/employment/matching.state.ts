import type { TMatchIndexStatus } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import {
  type EducationLevel,
  type HoursKind,
  MatchingError,
  MatchingIndex,
  type PostingProfile,
  type SeekerProfile,
} from '@qiaoti/matching';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
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
  state: TMatchIndexStatus['state'];
  builtAt: Date | null;
  buildMs: number | null;
  error: string | null;
}

const holders = new WeakMap<Kysely<DB>, Holder>();

function holderOf(db: Kysely<DB>): Holder {
  let h = holders.get(db);
  if (!h) {
    h = { index: null, building: null, state: 'empty', builtAt: null, buildMs: null, error: null };
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

async function build(db: Kysely<DB>): Promise<MatchingIndex> {
  const index = new MatchingIndex();
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

/** The index, building it on first use. Concurrent callers share one build. */
export async function ensureIndex(db: Kysely<DB>): Promise<MatchingIndex> {
  const h = holderOf(db);
  if (h.index) return h.index;
  if (!h.building) {
    const started = performance.now();
    h.state = 'building';
    h.building = build(db).then(
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
        throw e;
      },
    );
  }
  return h.building;
}

/** Drops the index and builds it again from the database (staff, from the console). */
export async function rebuild(db: Kysely<DB>): Promise<MatchingIndex> {
  const h = holderOf(db);
  if (h.building) await h.building.catch(() => undefined);
  h.index = null;
  return ensureIndex(db);
}

/** Starts a build in the background (at server start); errors show in the status. */
export function startIndexBuild(db: Kysely<DB>): void {
  ensureIndex(db).catch(() => undefined);
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
