import type { EducationLevel, EmploymentStatus, HouseholdRelation } from '@qiaoti/contracts/registry';
import type { Gender, HukouKind } from '../schema.ts';

export type { EducationLevel, EmploymentStatus, Gender, HouseholdRelation, HukouKind };

export interface GenerateOptions {
  seed: number | string;
  /** Exactly this many persons are generated (the last household is cut to fit). */
  persons: number;
  /**
   * 0–9: synthetic ID numbers start 41019<block>. Two runs into one database need different blocks, or their
   * ID numbers repeat. The demo population uses block 9; the CLI defaults to 0.
   */
  idBlock?: number;
  /** Only these villages (12-digit codes); default all 343 of the county. */
  villageCodes?: readonly string[];
  /** Ages, statuses and dated facts hold as of this day (`YYYY-MM-DD`). Default 2026-01-01. */
  asOf?: string;
}

export interface GeneratedPerson {
  /** 0-based ordinal within the run. */
  index: number;
  idNumber: string;
  name: string;
  gender: Gender;
  birthDate: string;
  hukouKind: HukouKind;
  hukouPlaceCode: string;
  residenceVillageCode: string;
  education: EducationLevel | null;
  phone: string | null;
  /** 与户主关系. */
  relation: HouseholdRelation;
  memberFrom: string;
  /** Null for children under 6. */
  employmentStatus: EmploymentStatus | null;
  employmentSince: string | null;
  occupationCode: string | null;
  /** Index into the run's employers (`generateEmployers`), for 单位就业 only. */
  employerIndex: number | null;
  monthlyIncomeFen: number | null;
  incomeSince: string | null;
  /** A later household may name this person as a parent (`parentLinks`): a writer keeps their id. */
  mayBeLinked: boolean;
}

export interface GeneratedRelation {
  /** Positions in `members`. */
  from: number;
  to: number;
  kind: 'parent_of' | 'spouse_of';
  fromDate: string;
}

export interface GeneratedHousehold {
  index: number;
  householdNumber: string;
  villageCode: string;
  address: string;
  /** members[0] is the head (户主). */
  members: GeneratedPerson[];
  relations: GeneratedRelation[];
  /**
   * parent_of links from persons of earlier households (by `GeneratedPerson.index`) to members of this one: a son
   * who set up his own household in his parents' village (DESIGN §4b household links across households).
   */
  parentLinks: Array<{ parentIndex: number; child: number; fromDate: string }>;
}

export interface GeneratedEmployer {
  index: number;
  name: string;
  uscc: string;
  sector: string;
  placeCode: string;
}
