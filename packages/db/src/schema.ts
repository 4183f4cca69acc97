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

// ── Employment core (migration 2026-11-28T1100-employment-core).
export type JobPostingStatus = 'draft' | 'published' | 'closed';
export type WorkplaceKind = 'village' | 'township' | 'outside';
export type JobHours = 'full_time' | 'part_time' | 'shift' | 'flexible';
export type ContractType = 'open_ended' | 'fixed_term' | 'part_time' | 'seasonal' | 'dispatch' | 'internship';
export interface JobPostingTable {
  id: Generated<string>;
  organisationId: string;
  title: string;
  occupationCode: string;
  description: Generated<string>;
  skills: TextArray;
  education: string | null;
  experienceYears: Generated<number>;
  wageMinFen: number;
  wageMaxFen: number;
  workplaceKind: WorkplaceKind;
  workplaceCode: string | null;
  workplaceName: string;
  hours: JobHours;
  hoursNote: string | null;
  hoursPerWeek: number | null;
  headcount: number;
  contractType: ContractType;
  closingDate: IsoDate | null;
  status: JobPostingStatus;
  ageLimitConfirmed: Generated<boolean>;
  checkDecisionId: string | null;
  publishedAt: Date | null;
  closedAt: Date | null;
  createdBy: string | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export type JobSeekerStatus = 'registered' | 'employed' | 'unemployed' | 'in_training' | 'flexible';
export interface JobSeekerTable {
  id: Generated<string>;
  personId: string;
  status: JobSeekerStatus;
  statusSince: IsoDate;
  occupationsWanted: TextArray;
  skills: TextArray;
  education: string | null;
  experienceYears: Generated<number>;
  expectedWageFen: number | null;
  acceptablePlaces: TextArray;
  maxCommuteKm: number | null;
  hoursWanted: TextArray;
  availableFrom: IsoDate | null;
  certificates: TextArray;
  assistancePriority: Generated<boolean>;
  channel: 'portal' | 'staff' | 'import';
  registeredOn: IsoDate;
  registeredBy: string | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export type ReferralState = 'requested' | 'referred' | 'interview' | 'hired' | 'rejected' | 'withdrawn';
export interface ReferralTable {
  id: Generated<string>;
  seekerId: string;
  postingId: string;
  state: ReferralState;
  source: 'portal' | 'staff' | 'employer';
  score: number | null;
  reasons: TextArray;
  interviewAt: Date | null;
  note: string | null;
  createdBy: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface PlacementTable {
  id: Generated<string>;
  personId: string;
  organisationId: string;
  postingId: string | null;
  referralId: string | null;
  occupationCode: string | null;
  wageFen: number | null;
  startDate: IsoDate;
  endDate: IsoDate | null;
  createdBy: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export type FollowupResult = 'employed' | 'left' | 'unreachable';
export interface PlacementFollowupTable {
  id: Generated<string>;
  placementId: string;
  dueMonth: 1 | 3 | 6;
  dueDate: IsoDate;
  result: FollowupResult | null;
  checkedOn: IsoDate | null;
  note: string | null;
  recordedBy: string | null;
  recordedAt: Date | null;
}

// ── Notifications, gig market, entered indicators (migration 2026-11-28T1120) ──
export interface NotificationTable {
  id: Generated<string>;
  accountId: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: Date | null;
  createdAt: CreatedAt;
}

export interface NotificationDeliveryTable {
  id: Generated<string>;
  notificationId: string;
  channel: 'sms' | 'miniprogram';
  adapter: string;
  status: 'logged' | 'sent' | 'failed';
  detail: string | null;
  createdAt: CreatedAt;
}

export interface GigSiteTable {
  id: Generated<string>;
  name: string;
  kind: 'gig_station' | 'labour_market';
  townshipCode: string;
  villageCode: string | null;
  address: string;
  openingHours: string;
  contactOrganisationId: string | null;
  isActive: Generated<boolean>;
  createdBy: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface GigTaskTable {
  id: Generated<string>;
  siteId: string;
  townshipCode: string;
  title: string;
  description: Generated<string>;
  posterKind: 'employer' | 'household';
  employerId: string | null;
  householdId: string | null;
  posterPersonId: string | null;
  payUnit: 'day' | 'task';
  payFen: number;
  workDate: IsoDate;
  days: Generated<number>;
  headcount: number;
  claimedCount: Generated<number>;
  status: 'open' | 'closed' | 'cancelled';
  createdBy: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface GigClaimTable {
  id: Generated<string>;
  taskId: string;
  personId: string;
  status: 'claimed' | 'checked_in' | 'completed' | 'withdrawn';
  claimedAt: Date;
  checkedInAt: Date | null;
  completedAt: Date | null;
  withdrawnAt: Date | null;
  createdBy: string | null;
}

export interface GigPaymentTable {
  id: Generated<string>;
  claimId: string;
  amountFen: number;
  method: 'cash' | 'bank_transfer' | 'wechat' | 'alipay';
  paidOn: IsoDate;
  recordedBy: string | null;
  recordedAt: CreatedAt;
  confirmedAt: Date | null;
}

export interface IndicatorEntryTable {
  id: Generated<string>;
  indicator: string;
  areaCode: string;
  month: string;
  value: number;
  source: string;
  note: string | null;
  enteredBy: string | null;
  enteredAt: Timestamp;
}

// ── Personnel archives core (migration 2026-11-28T1200-archives-core). No fee column anywhere.
export type ArchiveAgencyKind = 'public_service' | 'authorised_unit' | 'external';
export interface ArchiveAgencyTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: ArchiveAgencyKind;
  inCounty: boolean;
  organisationId: string | null;
  regionCode: string | null;
  regionName: string | null;
  address: string | null;
  contact: string | null;
  createdAt: CreatedAt;
}

/** One per person; `custodianAgencyId` + `custodySeq` name the custody row it stands on (deferred FK). */
export interface ArchiveTable {
  id: Generated<string>;
  personId: string;
  archiveNumber: string;
  custodianAgencyId: string;
  custodySeq: number;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export type ArchiveCustodyReason = 'intake' | 'transfer' | 'record';
export interface ArchiveCustodyTable {
  id: Generated<string>;
  archiveId: string;
  seq: number;
  prevSeq: number | null;
  fromAgencyId: string | null;
  toAgencyId: string;
  reason: ArchiveCustodyReason;
  note: string | null;
  transferId: string | null;
  intakeId: string | null;
  at: Date;
  recordedBy: string | null;
}

export interface ArchiveVolumeTable {
  id: Generated<string>;
  archiveId: string;
  kind: 'original' | 'copy';
  volumeNumber: number;
  note: string | null;
  createdAt: CreatedAt;
}

export interface ArchiveMaterialTable {
  id: Generated<string>;
  archiveId: string;
  volumeId: string | null;
  class: number;
  title: string;
  pages: number;
  materialDate: IsoDate | null;
  bornDigital: Generated<boolean>;
  createdBy: string | null;
  createdAt: CreatedAt;
}

export type ArchiveChannel = 'confidential_post' | 'staff_courier' | 'self_carried';
export type ArchiveIntakeOutcomeValue =
  | 'accept'
  | 'accept_with_pledge'
  | 'refuse_self_carried'
  | 'not_in_scope';
export interface ArchiveIntakeTable {
  id: Generated<string>;
  personId: string;
  agencyId: string;
  sourceAgencyId: string | null;
  channel: ArchiveChannel;
  scope: string;
  locatedHere: boolean;
  materialsComplete: boolean;
  outcome: ArchiveIntakeOutcomeValue;
  decisionId: string;
  archiveId: string | null;
  createdBy: string | null;
  createdAt: CreatedAt;
}

export interface ArchivePledgeTable {
  id: Generated<string>;
  archiveId: string;
  intakeId: string;
  missing: TextArray;
  dueDate: IsoDate;
  status: 'open' | 'fulfilled';
  fulfilledAt: Date | null;
  createdAt: CreatedAt;
}

export type ArchiveTransferKind = 'online_application' | 'unit_direct' | 'cross_region';
export type ArchiveTransferDirection = 'internal' | 'inbound' | 'outbound';
export type ArchiveTransferState = 'requested' | 'approved' | 'sent' | 'received' | 'returned' | 'withdrawn';
export interface ArchiveTransferTable {
  id: Generated<string>;
  archiveId: string;
  kind: ArchiveTransferKind;
  direction: ArchiveTransferDirection;
  fromAgencyId: string;
  toAgencyId: string;
  state: ArchiveTransferState;
  reason: string | null;
  letterNumber: string | null;
  method: 'confidential_post' | 'staff_courier' | null;
  trackingNumber: string | null;
  dueDate: IsoDate | null;
  overdueAlertedAt: Date | null;
  returnReason: string | null;
  requestedBy: string | null;
  requestedAt: Date;
  approvedAt: Date | null;
  sentAt: Date | null;
  receivedAt: Date | null;
  decisionId: string | null;
  version: Generated<number>;
  updatedAt: Timestamp;
}

export interface ArchiveTransferEventTable {
  id: Generated<string>;
  transferId: string;
  fromState: ArchiveTransferState | null;
  toState: ArchiveTransferState;
  note: string | null;
  actorId: string | null;
  at: Date;
}

// ── Attachments, digitisation, borrowing, 存档证明, 民生档案 (migration 2026-11-28T1210-archives-digital). No fees.
export interface AttachmentTable {
  id: Generated<string>;
  fileDigest: string;
  fileName: string;
  mediaType: string;
  size: ColumnType<string | number, number, number>;
  ownerType: string;
  ownerId: string;
  organisationId: string | null;
  uploadedBy: string | null;
  createdAt: CreatedAt;
}

export type ArchiveDigitalTransferState = 'sent' | 'received' | 'rejected';
export interface ArchiveDigitalTransferTable {
  id: Generated<string>;
  archiveId: string;
  transferId: string | null;
  fromAgencyId: string;
  toAgencyId: string;
  manifest: Json;
  manifestDigest: string;
  itemCount: number;
  fileCount: number;
  state: ArchiveDigitalTransferState;
  sentBy: string | null;
  sentAt: Date;
  receivedBy: string | null;
  receivedAt: Date | null;
  verification: Json | null;
  receiptNumber: string | null;
  rejectReason: string | null;
}

export type ArchiveBorrowKind = 'borrow' | 'inspect';
export type ArchiveBorrowState = 'requested' | 'approved' | 'rejected' | 'returned';
export interface ArchiveBorrowTable {
  id: Generated<string>;
  archiveId: string;
  agencyId: string;
  kind: ArchiveBorrowKind;
  borrowerOrganisationId: string | null;
  borrowerUnit: string;
  borrowerContact: string | null;
  purpose: string;
  daysRequested: number;
  state: ArchiveBorrowState;
  requestedBy: string | null;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  dueDate: IsoDate | null;
  returnedAt: Date | null;
  returnedBy: string | null;
  returnNote: string | null;
  version: Generated<number>;
}

export interface ArchiveCertificateTable {
  id: Generated<string>;
  archiveId: string;
  agencyId: string;
  certificateNumber: string;
  purpose: string;
  custodySince: IsoDate;
  issuedOn: IsoDate;
  issuedBy: string | null;
  createdAt: CreatedAt;
}

export type LivelihoodKind =
  | 'marriage'
  | 'social_insurance'
  | 'medical_insurance'
  | 'land_contract'
  | 'housing'
  | 'schooling'
  | 'veterans'
  | 'household_registration'
  | 'other';
export interface LivelihoodRecordTable {
  id: Generated<string>;
  /** Null when the index row names someone not in the registry: then matched by `idNumberIndex`. */
  personId: string | null;
  kind: LivelihoodKind;
  holdingOrganisationId: string;
  referenceNumber: string;
  recordDate: IsoDate;
  summary: string;
  idNumberCipher: string | null;
  idNumberIndex: string | null;
  idNumberMasked: string | null;
  importId: string | null;
  createdBy: string | null;
  createdAt: CreatedAt;
}

export interface LivelihoodImportTable {
  id: Generated<string>;
  organisationId: string | null;
  fileName: string;
  fileDigest: string;
  rowsTotal: number;
  rowsLoaded: number;
  rowsDuplicate: number;
  rowsRejected: number;
  rowsUnmatched: number;
  headers: ColumnType<string[], string, string>;
  /** Sealed JSON of the rejected rows (they hold ID numbers). */
  errorsSealed: string | null;
  createdBy: string | null;
  createdAt: Date;
}

export interface ArchiveCertificateRequestTable {
  id: Generated<string>;
  archiveId: string;
  personId: string;
  agencyId: string;
  purpose: string;
  copies: number;
  delivery: 'download';
  state: 'requested' | 'issued' | 'rejected';
  certificateId: string | null;
  requestedBy: string | null;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  rejectReason: string | null;
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

// ── Employment assistance, 零就业家庭, subsidies (migration 2026-11-28T1110-employment-assistance) ──
export interface DifficultyIdentificationTable {
  id: Generated<string>;
  personId: string;
  decisionId: string;
  category: string | null;
  asOf: IsoDate;
  villageCode: string | null;
  identifiedBy: string | null;
  createdAt: CreatedAt;
}

export interface AssistanceCaseTable {
  id: Generated<string>;
  workItemId: string;
  personId: string;
  identificationId: string;
  category: string;
  villageCode: string | null;
  status: 'open' | 'closed';
  openedOn: IsoDate;
  closedOn: IsoDate | null;
  closureDecisionId: string | null;
  closeNote: string | null;
  openedBy: string | null;
  createdAt: CreatedAt;
}

export interface ZeroEmploymentSpellTable {
  id: Generated<string>;
  householdId: string;
  villageCode: string;
  townshipCode: string;
  enteredOn: IsoDate;
  entryDecisionId: string;
  leftOn: IsoDate | null;
  leaveReason: string | null;
  leavePersonId: string | null;
  leaveDecisionId: string | null;
  createdAt: CreatedAt;
}

export interface ZeroEmploymentSnapshotTable {
  snapshotOn: IsoDate;
  townshipCode: string;
  households: number;
  entered: number;
  cleared: number;
}

export type SubsidyKindCode =
  | 'social_insurance'
  | 'post'
  | 'flexible_social_insurance'
  | 'public_welfare_post';
export type SubsidyStatus = 'submitted' | 'approved' | 'rejected' | 'paid';
export interface SubsidyApplicationTable {
  id: Generated<string>;
  kind: SubsidyKindCode;
  personId: string;
  organisationId: string | null;
  periodFrom: string;
  months: number;
  businessKey: string;
  monthlyContributionFen: Generated<number>;
  contractSigned: boolean;
  insurancePaid: boolean;
  flexibleRegistered: boolean;
  recentGraduate: boolean;
  status: SubsidyStatus;
  eligible: boolean;
  eligibilityDecisionId: string;
  amountDecisionId: string | null;
  monthlyAmountFen: number;
  monthsAllowed: number;
  amountFen: number;
  channel: 'employer' | 'staff';
  appliedBy: string | null;
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface SubsidyPaymentTable {
  id: Generated<string>;
  applicationId: string;
  personId: string;
  kind: SubsidyKindCode;
  amountFen: number;
  months: number;
  periodFrom: string;
  periodTo: string;
  voucherNo: string;
  paidOn: IsoDate;
  paidBy: string | null;
  createdAt: CreatedAt;
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
  archiveAgency: ArchiveAgencyTable;
  archive: ArchiveTable;
  archiveCustody: ArchiveCustodyTable;
  archiveVolume: ArchiveVolumeTable;
  archiveMaterial: ArchiveMaterialTable;
  archiveIntake: ArchiveIntakeTable;
  archivePledge: ArchivePledgeTable;
  archiveTransfer: ArchiveTransferTable;
  archiveTransferEvent: ArchiveTransferEventTable;
  attachment: AttachmentTable;
  archiveDigitalTransfer: ArchiveDigitalTransferTable;
  archiveBorrow: ArchiveBorrowTable;
  archiveCertificate: ArchiveCertificateTable;
  livelihoodRecord: LivelihoodRecordTable;
  livelihoodImport: LivelihoodImportTable;
  archiveCertificateRequest: ArchiveCertificateRequestTable;
  jobPosting: JobPostingTable;
  jobSeeker: JobSeekerTable;
  referral: ReferralTable;
  placement: PlacementTable;
  placementFollowup: PlacementFollowupTable;
  difficultyIdentification: DifficultyIdentificationTable;
  assistanceCase: AssistanceCaseTable;
  zeroEmploymentSpell: ZeroEmploymentSpellTable;
  zeroEmploymentSnapshot: ZeroEmploymentSnapshotTable;
  subsidyApplication: SubsidyApplicationTable;
  subsidyPayment: SubsidyPaymentTable;
  notification: NotificationTable;
  notificationDelivery: NotificationDeliveryTable;
  gigSite: GigSiteTable;
  gigTask: GigTaskTable;
  gigClaim: GigClaimTable;
  gigPayment: GigPaymentTable;
  indicatorEntry: IndicatorEntryTable;
}

export type PersonRow = Selectable<PersonsTable>;
export type NewPerson = Insertable<PersonsTable>;
export type PersonUpdate = Updateable<PersonsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type OrganisationRow = Selectable<OrganisationsTable>;
export type HouseholdRow = Selectable<HouseholdsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type JobRow = Selectable<JobsTable>;
