import { randomUUID } from 'node:crypto';
import { maskIdNumber, maskPhone } from '@qiaoti/contracts/standards';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import type { PiiCrypto } from '../pii-crypto.ts';
import type { DB } from '../schema.ts';
import { generateCounty } from './county.ts';
import { generateEmployers } from './employers.ts';
import type { GeneratedHousehold, GenerateOptions } from './model.ts';

export interface WriteCountyOptions extends GenerateOptions {
  /** Persons per transaction (whole households; default 2,000). */
  chunkPersons?: number;
  /** Evidence recorded on each dated fact. */
  source?: string;
  /** Everything in one transaction: all or nothing (small populations such as the demo's). */
  singleTransaction?: boolean;
  /**
   * Continue an interrupted write of the same options: the households already in the database (whole chunks,
   * committed in generation order) are generated again and skipped. Parent links to persons of the skipped part
   * are not restored.
   */
  resume?: boolean;
}

export interface WriteProgress {
  /** Persons in the database so far (on a resumed write, including those written before). */
  persons: number;
  households: number;
  total: number;
  elapsedMs: number;
}

export interface WriteCountyResult {
  persons: number;
  households: number;
  employers: number;
  facts: number;
  relations: number;
  elapsedMs: number;
  /** Persons found already written by an interrupted run (resume), included in `persons`. */
  resumedPersons: number;
  /** Organisation id of each generated employer, by employer index. */
  employerIds: string[];
  /** Person id of the first household's head (a stable pick for demo accounts). */
  firstHeadPersonId: string | null;
}

export class SyntheticBlockInUseError extends Error {
  constructor(block: number) {
    super(
      `数据库中已有 ID 段 ${block} 的合成人口：继续上次中断的生成请加 --resume，否则请换一个 --id-block（0–9）或使用新的数据库`,
    );
    this.name = 'SyntheticBlockInUseError';
  }
}

/**
 * Writes a generated county into the database: employers, then persons (ID and phone SM4-encrypted, HMAC-SM3 blind
 * indexes, masks, is_synthetic), households, members, relations and current dated facts (employment_status,
 * employer, occupation_code, monthly_income_fen), in chunks of whole households, one transaction per chunk,
 * one multi-row INSERT … SELECT FROM unnest(arrays) per table (a handful of parameters whatever the chunk size).
 */
export async function writeCounty(
  database: Database,
  pii: PiiCrypto,
  options: WriteCountyOptions,
  onProgress?: (p: WriteProgress) => void,
): Promise<WriteCountyResult> {
  if (options.singleTransaction) {
    return database.db.transaction().execute((trx) => write(trx, true, pii, options, onProgress));
  }
  return write(database.db, false, pii, options, onProgress);
}

async function write(
  db: Kysely<DB>,
  inTransaction: boolean,
  pii: PiiCrypto,
  options: WriteCountyOptions,
  onProgress?: (p: WriteProgress) => void,
): Promise<WriteCountyResult> {
  const started = performance.now();
  /** One transaction per chunk, unless the whole write already is one. */
  const tx = <T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T> =>
    inTransaction ? work(db) : db.transaction().execute(work);
  const block = options.idBlock ?? 0;
  const source = options.source ?? '合成数据';
  const chunkPersons = options.chunkPersons ?? 2_000;
  const generated = generateCounty(options);

  const employers = generateEmployers(options);
  const firstUscc = employers[0]?.uscc;
  const employerIds: string[] = employers.map(() => randomUUID());
  const employersThere = firstUscc
    ? await db.selectFrom('organisations').select('id').where('uscc', '=', firstUscc).executeTakeFirst()
    : undefined;
  if (employersThere && !options.resume) throw new SyntheticBlockInUseError(block);
  // Households of this ID block already written (household numbers: village code ‖ block ‖ 5 digits).
  let skipHouseholds = 0;
  if (options.resume) {
    const row = await db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(
        sql<boolean>`length(household_number) = 18 and substr(household_number, 13, 1) = ${String(block)}`,
      )
      .executeTakeFirstOrThrow();
    skipHouseholds = Number(row.n);
  }
  if (employersThere) {
    for (let i = 0; i < employers.length; i += 2_000) {
      const slice = employers.slice(i, i + 2_000);
      const rows = await db
        .selectFrom('organisations')
        .select(['id', 'uscc'])
        .where(
          'uscc',
          'in',
          slice.map((e) => e.uscc),
        )
        .execute();
      const byUscc = new Map(rows.map((r) => [r.uscc, r.id]));
      for (const e of slice) {
        const id = byUscc.get(e.uscc);
        if (!id) throw new Error('续写失败：数据库中的合成用人单位不完整');
        employerIds[e.index] = id;
      }
    }
  } else {
    await tx(async (trx) => {
      for (let i = 0; i < employers.length; i += 2_000) {
        const slice = employers.slice(i, i + 2_000);
        await sql`insert into organisations (id, kind, name, uscc, place_code, duties)
        select id, 'employer', name, uscc, place_code, '{}'::text[]
        from unnest(${slice.map((e) => employerIds[e.index])}::uuid[], ${slice.map((e) => e.name)}::text[],
                    ${slice.map((e) => e.uscc)}::text[], ${slice.map((e) => e.placeCode)}::text[])
          as t(id, name, uscc, place_code)`.execute(trx);
      }
    });
  }

  const result: WriteCountyResult = {
    persons: 0,
    households: 0,
    employers: employers.length,
    facts: 0,
    relations: 0,
    elapsedMs: 0,
    resumedPersons: 0,
    employerIds,
    firstHeadPersonId: null,
  };
  /** Ids of persons a later household may name as parents (GeneratedPerson.mayBeLinked). */
  const linkIds = new Map<number, string>();
  let chunk: GeneratedHousehold[] = [];
  let inChunk = 0;
  // One chunk in the database while the next is generated and encrypted: on a server the two run side by side.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (chunk.length === 0) return;
    const households = chunk;
    const persons = inChunk;
    chunk = [];
    inChunk = 0;
    const rows = buildRows(households, pii, employerIds, linkIds);
    if (result.firstHeadPersonId === null) result.firstHeadPersonId = rows.firstHeadId;
    await inFlight; // chunks land in order: parents named by a later chunk are already there
    const write = tx(async (trx) => {
      const p = rows.persons;
      await sql`insert into persons (id, id_number_cipher, id_number_index, id_number_masked, name, gender, birth_date,
          hukou_place_code, hukou_kind, residence_village_code, education, phone_cipher, phone_index, phone_masked,
          is_synthetic)
        select id, idc, idi, idm, name, gender, birth, hukou_place, hukou_kind, village, education, pc, pi, pm, true
        from unnest(${p.id}::uuid[], ${p.idc}::text[], ${p.idi}::text[], ${p.idm}::text[], ${p.name}::text[],
                    ${p.gender}::text[], ${p.birth}::date[], ${p.hukouPlace}::text[], ${p.hukouKind}::text[],
                    ${p.village}::text[], ${p.education}::text[], ${p.pc}::text[], ${p.pi}::text[], ${p.pm}::text[])
          as t(id, idc, idi, idm, name, gender, birth, hukou_place, hukou_kind, village, education, pc, pi, pm)`.execute(
        trx,
      );
      const h = rows.households;
      await sql`insert into households (id, household_number, village_code, address, head_person_id)
        select * from unnest(${h.id}::uuid[], ${h.number}::text[], ${h.village}::text[], ${h.address}::text[],
                             ${h.head}::uuid[])`.execute(trx);
      const m = rows.members;
      await sql`insert into household_members (household_id, person_id, relation, from_date)
        select * from unnest(${m.household}::uuid[], ${m.person}::uuid[], ${m.relation}::text[], ${m.from}::date[])`.execute(
        trx,
      );
      const r = rows.relations;
      if (r.person.length > 0) {
        await sql`insert into person_relations (person_id, related_person_id, kind, from_date)
          select * from unnest(${r.person}::uuid[], ${r.related}::uuid[], ${r.kind}::text[], ${r.from}::date[])`.execute(
          trx,
        );
      }
      const f = rows.facts;
      if (f.person.length > 0) {
        await sql`insert into person_facts (person_id, fact, value, valid_from, source)
          select person_id, fact, value::jsonb, valid_from, ${source}
          from unnest(${f.person}::uuid[], ${f.fact}::text[], ${f.value}::text[], ${f.from}::date[])
            as t(person_id, fact, value, valid_from)`.execute(trx);
      }
    }).then(() => {
      result.persons += persons;
      result.households += households.length;
      result.facts += rows.facts.person.length;
      result.relations += rows.relations.person.length;
      onProgress?.({
        persons: result.persons,
        households: result.households,
        total: options.persons,
        elapsedMs: performance.now() - started,
      });
    });
    write.catch(() => {}); // awaited by the next flush or at the end; not an unhandled rejection meanwhile
    inFlight = write;
  };

  let checked = skipHouseholds > 0;
  let skipped = 0;
  for (const household of generated) {
    if (skipped < skipHouseholds) {
      skipped++;
      result.persons += household.members.length;
      result.resumedPersons += household.members.length;
      result.households++;
      continue;
    }
    if (!checked) {
      checked = true;
      const first = household.members[0];
      if (first) {
        const index = pii.blindIndex('id_number', first.idNumber);
        const taken = await db
          .selectFrom('persons')
          .select('id')
          .where('idNumberIndex', '=', index)
          .executeTakeFirst();
        if (taken) throw new SyntheticBlockInUseError(block);
      }
    }
    chunk.push(household);
    inChunk += household.members.length;
    if (inChunk >= chunkPersons) await flush();
  }
  await flush();
  await inFlight;
  result.elapsedMs = performance.now() - started;
  return result;
}

/** Column arrays for one chunk; ID and phone numbers exist here only until they are sealed. */
function buildRows(
  chunk: GeneratedHousehold[],
  pii: PiiCrypto,
  employerIds: string[],
  linkIds: Map<number, string>,
) {
  const persons = {
    id: [] as string[],
    idc: [] as string[],
    idi: [] as string[],
    idm: [] as string[],
    name: [] as string[],
    gender: [] as string[],
    birth: [] as string[],
    hukouPlace: [] as string[],
    hukouKind: [] as string[],
    village: [] as string[],
    education: [] as Array<string | null>,
    pc: [] as Array<string | null>,
    pi: [] as Array<string | null>,
    pm: [] as Array<string | null>,
  };
  const households = {
    id: [] as string[],
    number: [] as string[],
    village: [] as string[],
    address: [] as string[],
    head: [] as string[],
  };
  const members = {
    household: [] as string[],
    person: [] as string[],
    relation: [] as string[],
    from: [] as string[],
  };
  const relations = {
    person: [] as string[],
    related: [] as string[],
    kind: [] as string[],
    from: [] as string[],
  };
  const facts = { person: [] as string[], fact: [] as string[], value: [] as string[], from: [] as string[] };
  let firstHeadId: string | null = null;

  for (const hh of chunk) {
    const householdId = randomUUID();
    const ids = hh.members.map(() => randomUUID());
    hh.members.forEach((p, i) => {
      const id = ids[i] ?? randomUUID();
      persons.id.push(id);
      if (p.mayBeLinked) linkIds.set(p.index, id);
      persons.idc.push(pii.encrypt(p.idNumber));
      persons.idi.push(pii.blindIndex('id_number', p.idNumber));
      persons.idm.push(maskIdNumber(p.idNumber));
      persons.name.push(p.name);
      persons.gender.push(p.gender);
      persons.birth.push(p.birthDate);
      persons.hukouPlace.push(p.hukouPlaceCode);
      persons.hukouKind.push(p.hukouKind);
      persons.village.push(p.residenceVillageCode);
      persons.education.push(p.education);
      persons.pc.push(p.phone ? pii.encrypt(p.phone) : null);
      persons.pi.push(p.phone ? pii.blindIndex('phone', p.phone) : null);
      persons.pm.push(p.phone ? maskPhone(p.phone) : null);
      members.household.push(householdId);
      members.person.push(id);
      members.relation.push(p.relation);
      members.from.push(p.memberFrom);
      const fact = (name: string, value: string | number, from: string | null) => {
        facts.person.push(id);
        facts.fact.push(name);
        facts.value.push(JSON.stringify(value));
        facts.from.push(from ?? p.birthDate);
      };
      if (p.employmentStatus) fact('employment_status', p.employmentStatus, p.employmentSince);
      if (p.occupationCode) fact('occupation_code', p.occupationCode, p.employmentSince);
      if (p.employerIndex !== null) {
        const employerId = employerIds[p.employerIndex];
        if (employerId) fact('employer', employerId, p.employmentSince);
      }
      if (p.monthlyIncomeFen !== null) fact('monthly_income_fen', p.monthlyIncomeFen, p.incomeSince);
    });
    const headId = ids[0];
    if (!headId) throw new Error('a household without members');
    firstHeadId ??= headId;
    households.id.push(householdId);
    households.number.push(hh.householdNumber);
    households.village.push(hh.villageCode);
    households.address.push(hh.address);
    households.head.push(headId);
    for (const r of hh.relations) {
      const a = ids[r.from];
      const b = ids[r.to];
      if (!a || !b) continue;
      relations.person.push(a);
      relations.related.push(b);
      relations.kind.push(r.kind);
      relations.from.push(r.fromDate);
    }
    for (const link of hh.parentLinks) {
      const parent = linkIds.get(link.parentIndex);
      const child = ids[link.child];
      if (!parent || !child) continue;
      relations.person.push(parent);
      relations.related.push(child);
      relations.kind.push('parent_of');
      relations.from.push(link.fromDate);
    }
  }
  return { persons, households, members, relations, facts, firstHeadId };
}
