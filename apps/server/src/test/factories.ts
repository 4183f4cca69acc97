import { randomInt, randomUUID } from 'node:crypto';
import {
  idNumberCheckChar,
  permissionsOf,
  type Role,
  type TCreatePersonRequest,
  usccCheckChar,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../actor.ts';
import type { AppContext } from '../context.ts';
import { registerPerson } from '../modules/registry/persons.service.ts';
import { registryDeps } from '../modules/registry/registry-deps.ts';

/**
 * Test factories (STYLE 11): build what a test needs instead of copying fixtures around.
 *
 * Synthetic ID numbers are checksum-valid (GB 11643) and recognisable: region 410122 (中牟县) and a sequence code
 * in 900–999 (digits 15–17), which this factory walks per process so two calls never collide.
 */

let idCounter = randomInt(0, 1_000_000);

const DAY_MS = 86_400_000;
const FIRST_BIRTH = Date.UTC(1950, 0, 1);
const BIRTH_DAYS = 20_000; // 1950-01-01 … 2004-10-04

/** A fresh checksum-valid synthetic ID number; birth date and gender may be fixed. */
export function syntheticIdNumber(options: { birthDate?: string; gender?: 'M' | 'F' } = {}): string {
  const n = idCounter++;
  const birth =
    options.birthDate ?? new Date(FIRST_BIRTH + (n % BIRTH_DAYS) * DAY_MS).toISOString().slice(0, 10);
  const gender = options.gender ?? (n % 2 === 0 ? 'M' : 'F');
  // 50 odd and 50 even codes in 900–999; the counter picks one (with a fixed birth date, walks them all).
  const slot = (options.birthDate ? n : Math.floor(n / BIRTH_DAYS)) % 50;
  const seq = 900 + slot * 2 + (gender === 'M' ? 1 : 0);
  const first17 = `410122${birth.replaceAll('-', '')}${seq}`;
  return first17 + idNumberCheckChar(first17);
}

let phoneCounter = randomInt(0, 90_000_000);

/** A fresh mobile number in the 170 range (virtual operators), unique per process. */
export function syntheticPhone(): string {
  phoneCounter = (phoneCounter + 1) % 100_000_000;
  return `170${String(phoneCounter).padStart(8, '0')}`;
}

const USCC_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A checksum-valid 统一社会信用代码 (GB 32100) of an enterprise (91) registered in 中牟县 (410122). */
export function syntheticUscc(): string {
  let body = '91410122';
  for (let i = 0; i < 9; i++) body += USCC_BODY[randomInt(0, USCC_BODY.length)];
  return body + (usccCheckChar(body) ?? '0');
}

const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡'];
const givenNames = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
];

export function syntheticName(): string {
  const pick = (a: readonly string[]) => a[randomInt(0, a.length)] ?? a[0] ?? '';
  return `${pick(surnames)}${pick(givenNames)}${pick(givenNames)}`;
}

/** A valid create-person request for a village of the county (青年路街道管道三公司居委会 unless given). */
export function buildPerson(
  overrides: Partial<TCreatePersonRequest> & { birthDate?: string; gender?: 'M' | 'F' } = {},
): TCreatePersonRequest {
  const { birthDate, gender, ...rest } = overrides;
  return {
    idNumber: syntheticIdNumber({
      ...(birthDate ? { birthDate } : {}),
      ...(gender ? { gender } : {}),
    }),
    name: syntheticName(),
    phone: syntheticPhone(),
    hukouPlaceCode: '410122001001',
    hukouKind: 'agricultural',
    residenceVillageCode: '410122001001',
    education: 'senior_secondary',
    ...rest,
  };
}

/** An actor that may do anything in the registry county-wide (for setting up data in tests). */
export function registrarActor(): Actor {
  return testActor({
    roles: ['employment_officer'],
    organisationKind: 'department',
    organisationDuties: ['registry'],
  });
}

/**
 * Inserts a person straight through the registry service (no HTTP, no audit) and returns the plain values the
 * test may need to look for later.
 */
export async function createPerson(
  ctx: AppContext,
  overrides: Parameters<typeof buildPerson>[0] = {},
): Promise<{ id: string; idNumber: string; phone: string | null; input: TCreatePersonRequest }> {
  const input = buildPerson(overrides);
  const deps = registryDeps(ctx);
  const person = await deps.db
    .transaction()
    .execute((trx) =>
      registerPerson(trx, deps, registrarActor(), input, { occurredOn: '2026-01-01', source: 'test' }),
    );
  return { id: person.id, idNumber: input.idNumber, phone: input.phone ?? null, input };
}

/** A hand-built actor for service tests (no account behind it); permissions follow the roles. */
export function testActor(overrides: Partial<Actor> & { roles: readonly Role[] }): Actor {
  return {
    accountId: randomUUID(),
    username: `test-${randomUUID().slice(0, 8)}`,
    permissions: permissionsOf(overrides.roles),
    organisationId: null,
    organisationDuties: [],
    organisationKind: null,
    villageCode: null,
    personId: null,
    ip: '127.0.0.1',
    requestId: randomUUID(),
    ...overrides,
  };
}

/** An actor on the staff of a seeded department (by its code, e.g. 'hrss', 'civil', 'culture'). */
export async function departmentActor(db: Kysely<DB>, code: string, roles: readonly Role[]): Promise<Actor> {
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'duties'])
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return testActor({
    roles,
    organisationId: org.id,
    organisationKind: org.kind,
    organisationDuties: org.duties,
  });
}
