import {
  type CreateTestAccountOptions,
  createTestAccount,
  loginAs,
  type TestSession,
} from '../../test/accounts.ts';
import { createPerson, registrarActor, syntheticUscc } from '../../test/factories.ts';
import type { TestApp } from '../../test/harness.ts';
import { createHousehold } from './households.service.ts';
import { createOrganisation } from './organisations.service.ts';
import { registryDeps } from './registry-deps.ts';

/** A small world for registry route and security tests: persons in two villages, a household, every kind of user. */

export const VILLAGE_X = '410122001001';
export const VILLAGE_Y = '410122001002';
export const TOWNSHIP_X = '410122001';
export const OTHER_TOWNSHIP = '410122101';
export const OTHER_TOWNSHIP_VILLAGE = '410122101205';

export type WorldUser =
  | 'officer'
  | 'civil'
  | 'archive'
  | 'dutyless'
  | 'villageX'
  | 'villageY'
  | 'township'
  | 'citizenA'
  | 'citizenB'
  | 'employer'
  | 'sysAdmin'
  | 'secAdmin'
  | 'auditAdmin';

export interface WorldPerson {
  id: string;
  idNumber: string;
  phone: string | null;
}

export interface RegistryWorld {
  personX: WorldPerson;
  personY: WorldPerson;
  personOther: WorldPerson;
  householdX: string;
  householdY: string;
  employerId: string;
  sessions: Record<WorldUser, TestSession>;
  accountIds: Record<WorldUser, string>;
}

export async function buildRegistryWorld(t: TestApp): Promise<RegistryWorld> {
  const deps = registryDeps(t.ctx);
  const personX = await createPerson(t.ctx, { residenceVillageCode: VILLAGE_X });
  const personY = await createPerson(t.ctx, { residenceVillageCode: VILLAGE_Y });
  const personOther = await createPerson(t.ctx, { residenceVillageCode: OTHER_TOWNSHIP_VILLAGE });
  const registrar = registrarActor();
  const hx = await createHousehold(deps, registrar, {
    villageCode: VILLAGE_X,
    members: [{ personId: personX.id, relation: 'head' }],
  });
  const hy = await createHousehold(deps, registrar, {
    villageCode: VILLAGE_Y,
    members: [{ personId: personY.id, relation: 'head' }],
  });
  const employer = await createOrganisation(deps, registrar, {
    kind: 'employer',
    name: '中牟县测试用工有限公司',
    uscc: syntheticUscc(),
  });

  const specs: Record<WorldUser, CreateTestAccountOptions> = {
    officer: { roles: ['employment_officer'], organisationCode: 'hrss' },
    civil: { roles: ['civil_affairs_officer'], organisationCode: 'civil' },
    archive: { roles: ['archive_officer'], organisationCode: 'archives' },
    // A department whose duties cover none of the registry: it holds a reading role yet sees no one.
    dutyless: { roles: ['archive_officer'], organisationCode: 'culture' },
    villageX: { roles: ['village_worker'], organisationCode: `town-${TOWNSHIP_X}`, villageCode: VILLAGE_X },
    villageY: { roles: ['village_worker'], organisationCode: `town-${TOWNSHIP_X}`, villageCode: VILLAGE_Y },
    township: { roles: ['village_worker'], organisationCode: `town-${OTHER_TOWNSHIP}` },
    citizenA: { roles: ['citizen'], personId: personX.id },
    citizenB: { roles: ['citizen'], personId: personY.id },
    employer: { roles: ['employer'], organisationId: employer.id },
    sysAdmin: { roles: ['sys_admin'] },
    secAdmin: { roles: ['sec_admin'] },
    auditAdmin: { roles: ['audit_admin'] },
  };
  const sessions = {} as Record<WorldUser, TestSession>;
  const accountIds = {} as Record<WorldUser, string>;
  for (const [user, spec] of Object.entries(specs) as [WorldUser, CreateTestAccountOptions][]) {
    const account = await createTestAccount(t.ctx, spec);
    accountIds[user] = account.id;
    sessions[user] = await loginAs(t, account);
  }
  return {
    personX,
    personY,
    personOther,
    householdX: hx.id,
    householdY: hy.id,
    employerId: employer.id,
    sessions,
    accountIds,
  };
}

/** Every 18-character checksum-valid ID number and every mobile number in a text. */
export function findUnmasked(text: string, isValidId: (s: string) => boolean): string[] {
  const hits: string[] = [];
  for (const m of text.matchAll(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g))
    if (isValidId(m[0])) hits.push(m[0]);
  // Letters count as neighbours too: a UUID's hex can hold eleven digits in a row that look like a mobile number.
  for (const m of text.matchAll(/(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g)) hits.push(m[0]);
  return hits;
}
