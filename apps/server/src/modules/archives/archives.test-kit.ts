import { randomUUID } from 'node:crypto';
import type { TIntakeRequest } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { testActor } from '../../test/factories.ts';
import { upsertAgency } from './agencies.repository.ts';

/** Test helpers for the archives module: agencies with an organisation and staff, citizens, intake bodies. */

export interface TestAgency {
  id: string;
  organisationId: string | null;
  staff: Actor;
}

export async function createAgency(
  db: Kysely<DB>,
  kind: 'public_service' | 'authorised_unit' | 'external' = 'public_service',
  name = kind === 'external' ? '外省人才交流中心（测试）' : '测试人才服务中心',
): Promise<TestAgency> {
  let organisationId: string | null = null;
  if (kind !== 'external') {
    const org = await db
      .insertInto('organisations')
      .values({
        kind: kind === 'public_service' ? 'department' : 'employer',
        name: `${name}${randomUUID().slice(0, 6)}`,
        duties: ['archives'],
      })
      .returning(['id', 'kind'])
      .executeTakeFirstOrThrow();
    organisationId = org.id;
  }
  const a = await upsertAgency(db, {
    code: `test-${randomUUID()}`,
    name,
    kind,
    organisationId,
    regionName: kind === 'external' ? '广东省广州市' : '中牟县',
  });
  const staff = testActor({
    roles: ['archive_officer'],
    organisationId,
    organisationKind: kind === 'authorised_unit' ? 'employer' : 'department',
    organisationDuties: ['archives'],
  });
  return { id: a.id, organisationId, staff };
}

export function citizenActor(personId: string): Actor {
  return testActor({ roles: ['citizen'], personId });
}

export function intakeBody(personId: string, overrides: Partial<TIntakeRequest> = {}): TIntakeRequest {
  return {
    personId,
    scope: 'non_public_staff',
    locatedHere: true,
    channel: 'confidential_post',
    missing: [],
    volumes: { original: 1, copy: 1 },
    materials: [
      { class: 1, title: '干部履历表', pages: 4, materialDate: '2015-07-01' },
      { class: 4, title: '高等学校毕业生登记表', pages: 2, materialDate: '2015-06-20' },
      { class: 4, title: '学位证书复印件', pages: 1, volume: 'copy' },
    ],
    ...overrides,
  };
}

export const newKey = (): string => `test-${randomUUID()}`;
