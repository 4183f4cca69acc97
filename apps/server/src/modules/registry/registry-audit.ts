import type { AuditEvent } from '@qiaoti/contracts';
import type { AuditOutcome, DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { recordAudit } from '../audit/audit.service.ts';

/** What the registry does, in its own words; each is recorded as one of the audit log's events. */
export type RegistryAction =
  | 'person.search'
  | 'person.view'
  | 'person.create'
  | 'person.update'
  | 'person.reveal'
  | 'person.fact.add'
  | 'household.search'
  | 'household.view'
  | 'household.create'
  | 'household.update'
  | 'household.member.add'
  | 'household.member.remove'
  | 'organisation.create';

// Until the audit log names the registry's reads and sub-edits itself, they are recorded under the nearest event
// with `details.action` saying exactly what happened.
const eventOf: Record<RegistryAction, AuditEvent> = {
  'person.search': 'person.view',
  'person.view': 'person.view',
  'person.create': 'person.create',
  'person.update': 'person.update',
  'person.reveal': 'person.reveal',
  'person.fact.add': 'person.update',
  'household.search': 'person.view',
  'household.view': 'person.view',
  'household.create': 'household.create',
  'household.update': 'household.update',
  'household.member.add': 'household.update',
  'household.member.remove': 'household.update',
  'organisation.create': 'organisation.create',
};

/** One registry audit event. Details never carry an ID number, a phone number or a name. */
export interface RegistryAuditEntry {
  event: RegistryAction;
  objectType: 'person' | 'household' | 'organisation';
  objectId: string | null;
  outcome: AuditOutcome;
  details?: Record<string, string | number | boolean | null | string[]>;
}

/**
 * Writes a registry audit event through the audit module. Pass the transaction of the change it records, so both
 * commit or neither (fail closed). A denial (out of scope) is recorded as `access.denied` with the action.
 */
export async function auditRegistry(
  db: Kysely<DB>,
  actor: Actor,
  at: Date,
  entry: RegistryAuditEntry,
): Promise<void> {
  const event: AuditEvent = entry.outcome === 'denied' ? 'access.denied' : eventOf[entry.event];
  await recordAudit(db, actor, {
    event,
    outcome: entry.outcome,
    objectType: entry.objectType,
    objectId: entry.objectId,
    details: { action: entry.event, ...entry.details },
    at,
  });
}
