import type { DB, PlaceLevel } from '@qiaoti/db';
import { placeSeeds } from '@qiaoti/db/seed/reference';
import type { Kysely } from 'kysely';

export interface PlaceEntry {
  code: string;
  name: string;
  level: PlaceLevel;
  parentCode: string | null;
}

/**
 * The county's divisions (~360 rows) are reference data: the `places` table is seeded from exactly this list, and
 * division changes arrive as a new seed. Held in memory so validation never queries — a query on the root
 * database from inside a transaction would wait forever for PGlite's single connection.
 */
const index: Map<string, PlaceEntry> = new Map(placeSeeds().map((p) => [p.code, p]));

export async function placeIndex(_db: Kysely<DB>): Promise<Map<string, PlaceEntry>> {
  return index;
}
