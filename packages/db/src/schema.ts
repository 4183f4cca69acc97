import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Kysely table types, camelCase (CamelCasePlugin maps to the snake_case columns of the migrations).

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A calendar day, ISO `YYYY-MM-DD` (Asia/Shanghai). */
type IsoDate = string;
type Json = ColumnType<unknown, string, string>;
type JsonWithDefault = ColumnType<unknown, string | undefined, string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export type PlaceLevel = 'province' | 'city' | 'county' | 'township' | 'village';
export interface PlacesTable {
  code: string;
  name: string;
  level: PlaceLevel;
  parentCode: string | null;
}

export type OrganisationKind = 'department' | 'township_government' | 'employer' | 'other';
export interface OrganisationsTable {
  id: Generated<string>;
  kind: OrganisationKind;
  code: string | null;
  name: string;
  uscc: string | null;
  placeCode: string | null;
  duties: TextArray;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export type Gender = 'M' | 'F';
export type HukouKind = 'agricultural' | 'non_agricultural' | 'resident';
export interface PersonsTable {
  id: Generated<string>;
  idNumberCipher: string;
  idNumberIndex: string;
  idNumberMasked: string;
  name: string;
  gender: Gender;
  birthDate: IsoDate;
  hukouPlaceCode: string | null;
  hukouKind: HukouKind | null;
  residenceVillageCode: string | null;
  education: string | null;
  phoneCipher: string | null;
  phoneIndex: string | null;
  phoneMasked: string | null;
  isSynthetic: Generated<boolean>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface HouseholdsTable {
  id: Generated<string>;
  householdNumber: string | null;
  villageCode: string;
  address: string | null;
  headPersonId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface HouseholdMembersTable {
  householdId: string;
  personId: string;
  relation: string;
  fromDate: ColumnType<IsoDate, IsoDate | undefined, IsoDate>;
  toDate: IsoDate | null;
}

export interface PersonRelationsTable {
  id: Generated<string>;
  personId: string;
  relatedPersonId: string;
  kind: 'parent_of' | 'spouse_of';
  fromDate: IsoDate | null;
  toDate: IsoDate | null;
}

export interface PersonFactsTable {
  id: Generated<string>;
  personId: string;
  fact: string;
  value: Json;
  validFrom: IsoDate;
  source: string;
  recordedBy: string | null;
  recordedAt: CreatedAt;
}

export interface MobilityEventsTable {
  id: Generated<string>;
  personId: string;
  kind: string;
  fromValue: Json | null;
  toValue: Json | null;
  occurredOn: IsoDate;
  source: string;
  recordedAt: CreatedAt;
}

export interface AccountsTable {
  id: Generated<string>;
  username: string;
  displayName: string;
  passwordHash: string;
  organisationId: string | null;
  personId: string | null;
  villageCode: string | null;
  roles: TextArray;
  totpSecretCipher: string | null;
  totpLastStep: number | null;
  failedLogins: Generated<number>;
  firstFailedAt: Date | null;
  lockedUntil: Date | null;
  passwordChangedAt: Timestamp;
  disabledAt: Date | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface SessionsTable {
  tokenHash: string;
  accountId: string;
  csrfToken: string;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Date;
  ip: string | null;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';
export interface AuditLogTable {
  seq: Generated<number>;
  at: Date;
  actorId: string | null;
  actorUsername: string | null;
  actorRoles: TextArray;
  organisationId: string | null;
  ip: string | null;
  event: string;
  objectType: string | null;
  objectId: string | null;
  outcome: AuditOutcome;
  requestId: string | null;
  details: Json;
  prevHash: string;
  hash: string;
}

/** Every audit append also appends its (seq, hash) here: tail truncation of audit_log is detected. */
export interface AuditCheckpointsTable {
  seq: number;
  hash: string;
  at: Date;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export interface JobsTable {
  id: Generated<string>;
  kind: string;
  status: JobStatus;
  params: Json;
  progressDone: Generated<number>;
  progressTotal: number | null;
  checkpoint: Json | null;
  result: Json | null;
  error: string | null;
  createdBy: string | null;
  organisationId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
  finishedAt: Date | null;
}

export interface JobRowErrorsTable {
  jobId: string;
  rowNumber: number;
  field: string | null;
  reason: string;
  raw: Json | null;
}

export interface JobInputsTable {
  jobId: string;
  fileName: string;
  mediaType: string;
  size: number;
  digest: string;
  content: Buffer;
  createdAt: CreatedAt;
}

export interface FilesTable {
  digest: string;
  mediaType: string;
  size: number;
  originalName: string | null;
  createdBy: string | null;
  createdAt: CreatedAt;
}

export interface IdempotencyKeysTable {
  accountId: string;
  key: string;
  requestHash: string;
  statusCode: number | null;
  response: Json | null;
  createdAt: CreatedAt;
}

export interface DecisionsTable {
  id: Generated<string>;
  ruleId: string;
  subjectType: 'person' | 'household' | 'case';
  subjectId: string | null;
  asOf: IsoDate;
  rulesetVersion: string;
  parameterVersion: string;
  input: Json;
  outcome: Json;
  reasons: Json;
  parametersRead: Json;
  decidedBy: string | null;
  organisationId: string | null;
  createdAt: CreatedAt;
}

export interface ParameterChangesTable {
  id: Generated<string>;
  parameterId: string;
  effectiveFrom: IsoDate;
  value: Json;
  cites: TextArray;
  pending: Generated<boolean>;
  note: string | null;
  status: 'scheduled' | 'withdrawn';
  createdBy: string | null;
  createdAt: CreatedAt;
}

export interface WorkItemsTable {
  id: Generated<string>;
  type: string;
  parentId: string | null;
  subjectType: string;
  subjectId: string;
  title: string;
  state: string;
  closed: Generated<boolean>;
  ownerOrganisationId: string | null;
  ownerAccountId: string | null;
  ownerName: string | null;
  /** ISO date (business date, Asia/Shanghai). */
  dueOn: IsoDate | null;
  escalatedAt: Date | null;
  data: JsonWithDefault;
  version: Generated<number>;
  createdBy: string | null;
  createdAt: CreatedAt;
  updatedAt: Generated<Date>;
  closedAt: Date | null;
}

export interface WorkItemEventsTable {
  id: Generated<string>;
  workItemId: string;
  kind: 'created' | 'transition' | 'follow_up' | 'assigned' | 'due_changed' | 'escalated';
  fromState: string | null;
  toState: string | null;
  occurredOn: IsoDate | null;
  way: string | null;
  note: string | null;
  data: JsonWithDefault;
  actorId: string | null;
  actorUsername: string | null;
  at: CreatedAt;
}

export interface DB {
  workItems: WorkItemsTable;
  workItemEvents: WorkItemEventsTable;
  decisions: DecisionsTable;
  parameterChanges: ParameterChangesTable;
  places: PlacesTable;
  organisations: OrganisationsTable;
  persons: PersonsTable;
  households: HouseholdsTable;
  householdMembers: HouseholdMembersTable;
  personRelations: PersonRelationsTable;
  personFacts: PersonFactsTable;
  mobilityEvents: MobilityEventsTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  auditLog: AuditLogTable;
  auditCheckpoints: AuditCheckpointsTable;
  jobs: JobsTable;
  jobRowErrors: JobRowErrorsTable;
  jobInputs: JobInputsTable;
  files: FilesTable;
  idempotencyKeys: IdempotencyKeysTable;
}

export type PersonRow = Selectable<PersonsTable>;
export type NewPerson = Insertable<PersonsTable>;
export type PersonUpdate = Updateable<PersonsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type OrganisationRow = Selectable<OrganisationsTable>;
export type HouseholdRow = Selectable<HouseholdsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type JobRow = Selectable<JobsTable>;
