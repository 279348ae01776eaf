import { liveQuery, type Subscription } from "dexie";
import type { HeroDb } from "../../db/schema";
import { type Reach, reachWheels } from "./reach";
import type { Candidate } from "./resolve";

/**
 * The wheels available in this browser, in memory, so `heroLogic.readShareUrl` can say
 * synchronously what a shared flow lacks (IndexedDB cannot answer synchronously). The engine
 * refreshes it on its own writes; a live query picks up the rest (other tabs).
 */
export function createPackageIndex(db: HeroDb) {
  let candidates: Candidate[] = [];
  let subscription: Subscription | null = null;

  return {
    /** What `declared` reaches and lacks among the wheels available now. */
    reach(declared: string[]): Reach {
      return reachWheels(declared, candidates);
    },
    async refresh(): Promise<void> {
      candidates = await availableCandidates(db);
    },
    /** Follow the database from now on; resolves once the index is filled. */
    watch(): Promise<void> {
      if (subscription) return Promise.resolve();
      return new Promise((resolve) => {
        subscription = liveQuery(() => availableCandidates(db)).subscribe({
          next: (read) => {
            candidates = read;
            resolve();
          },
          error: (error: unknown) => {
            console.error("hero_logic: the package index could not follow the packages", error);
            resolve();
          },
        });
      });
    },
  };
}

export type PackageIndex = ReturnType<typeof createPackageIndex>;

/** The wheels a play could install here, as resolution sees them (no bytes kept). */
export async function availableCandidates(db: HeroDb): Promise<Candidate[]> {
  const records = await db.packages.toArray();
  return records.map(({ name, version, requires }) => ({ name, version, requires }));
}
