import { type Role, requiresTotp, roles as roleTable } from '@qiaoti/contracts';
import type { AppContext } from '../context.ts';
import { findAccountByUsername, findOrganisationByCode } from '../modules/identity/identity.repository.ts';
import { provisionAccount } from '../modules/identity/identity-accounts.service.ts';
import type { DemoPopulation } from './demo-population.ts';

export interface DemoAccountLine {
  username: string;
  password: string;
  role: string;
  roleLabel: string;
  totpSecret: string | null;
}

/** The one demo password (meets the policy). Demo mode only; production creates no accounts. */
export const DEMO_PASSWORD = 'Qiaoti@2026';

interface DemoAccountSpec {
  username: string;
  displayName: string;
  role: Role;
  /** Base32, fixed so the README can list it; shown only where the role needs a second factor. */
  totpSecret: string;
  organisation: (p: DemoPopulation) => { code?: string; id?: string | null };
  villageCode?: (p: DemoPopulation) => string | null;
  personId?: (p: DemoPopulation) => string | null;
}

const specs: readonly DemoAccountSpec[] = [
  {
    username: 'employment',
    displayName: '张就业（县人社局）',
    role: 'employment_officer',
    totpSecret: 'QIAOTIDEMOEMPLOYMENTXAAAAAAAAAAA',
    organisation: () => ({ code: 'hrss' }),
  },
  {
    username: 'archive',
    displayName: '李档案（县人社局）',
    role: 'archive_officer',
    totpSecret: 'QIAOTIDEMOARCHIVEXXAAAAAAAAAAAAA',
    organisation: () => ({ code: 'hrss' }),
  },
  {
    username: 'civil',
    displayName: '王救助（县民政局）',
    role: 'civil_affairs_officer',
    totpSecret: 'QIAOTIDEMOCIVILXXXXAAAAAAAAAAAAA',
    organisation: () => ({ code: 'civil' }),
  },
  {
    username: 'village',
    displayName: '赵村干',
    role: 'village_worker',
    totpSecret: 'QIAOTIDEMOVILLAGEXXAAAAAAAAAAAAA',
    organisation: (p) => ({ code: `town-${p.villageCode.slice(0, 9)}` }),
    villageCode: (p) => p.villageCode,
  },
  {
    username: 'employer',
    displayName: '示范用人单位',
    role: 'employer',
    totpSecret: 'QIAOTIDEMOEMPLOYERXAAAAAAAAAAAAA',
    organisation: (p) => ({ id: p.employerOrganisationId }),
  },
  {
    username: 'citizen',
    displayName: '群众演示',
    role: 'citizen',
    totpSecret: 'QIAOTIDEMOCITIZENXXAAAAAAAAAAAAA',
    organisation: () => ({}),
    personId: (p) => p.citizenPersonId,
  },
  {
    username: 'sysadmin',
    displayName: '系统管理员',
    role: 'sys_admin',
    totpSecret: 'QIAOTIDEMOSYSADMINXAAAAAAAAAAAAA',
    organisation: () => ({ code: 'data' }),
  },
  {
    username: 'secadmin',
    displayName: '安全管理员',
    role: 'sec_admin',
    totpSecret: 'QIAOTIDEMOSECADMINXAAAAAAAAAAAAA',
    organisation: () => ({ code: 'data' }),
  },
  {
    username: 'auditadmin',
    displayName: '审计管理员',
    role: 'audit_admin',
    totpSecret: 'QIAOTIDEMOAUDITADMINAAAAAAAAAAAA',
    organisation: () => ({ code: 'data' }),
  },
];

/** One account per kind of user, with fixed demo passwords (and TOTP secrets where required). Idempotent. */
export async function seedDemoAccounts(
  ctx: AppContext,
  population: DemoPopulation,
): Promise<DemoAccountLine[]> {
  const db = ctx.database.db;
  const lines: DemoAccountLine[] = [];
  for (const spec of specs) {
    const needsTotp = requiresTotp([spec.role]);
    lines.push({
      username: spec.username,
      password: DEMO_PASSWORD,
      role: spec.role,
      roleLabel: roleTable[spec.role].label,
      totpSecret: needsTotp ? spec.totpSecret : null,
    });
    if (await findAccountByUsername(db, spec.username)) continue;
    const where = spec.organisation(population);
    const organisationId = where.code ? (await findOrganisationByCode(db, where.code))?.id : where.id;
    const personId = spec.personId?.(population) ?? null;
    // Until the demo population supplies an employer or the citizen's record, those accounts wait (a role
    // without its scope would be refused, and rightly).
    if (spec.role === 'employer' && !organisationId) continue;
    if (spec.role === 'citizen' && !personId) continue;
    await provisionAccount(
      { db, pii: ctx.pii, now: ctx.clock() },
      {
        username: spec.username,
        displayName: spec.displayName,
        organisationId: organisationId ?? null,
        villageCode: spec.villageCode?.(population) ?? null,
        personId,
        roles: [spec.role],
        password: DEMO_PASSWORD,
        totpSecret: spec.totpSecret,
      },
    );
  }
  return lines.filter(
    (l) =>
      !(
        (l.role === 'employer' && !population.employerOrganisationId) ||
        (l.role === 'citizen' && !population.citizenPersonId)
      ),
  );
}
