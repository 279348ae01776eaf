import { liveQuery, type Subscription } from "dexie";
import type { HeroDb } from "../../db/schema";
import { type Reach, reachWheels } from "./reach";
import { availableCandidates, type Candidate } from "./resolve";
import type { SiteWheels } from "./site-wheels";

/**
 * The wheels available in this browser (added here or shipped with the site), in memory, so `heroLogic.readShareUrl` can say
 * synchronously what a shared flow lacks (IndexedDB cannot answer synchronously). The engine
 * refreshes it on its own writes; a live query picks up the rest (other tabs).
 */
export function createPackageIndex(db: HeroDb, siteWheels: SiteWheels) {
  let candidates: Candidate[] = [];
  let subscription: Subscription | null = null;
  // The site's index is read once per page (see `SiteWheels`); the added wheels change.
  const withShipped = async (added: Candidate[]) =>
    availableCandidates(added, await siteWheels.list());

  return {
    /** What `declared` reaches and lacks among the wheels available now. */
    reach(declared: string[]): Reach {
      return reachWheels(declared, candidates);
    },
    async refresh(): Promise<void> {
      candidates = await withShipped(await addedCandidates(db));
    },
    /** Follow the database from now on; resolves once the index is filled. */
    watch(): Promise<void> {
      if (subscription) return Promise.resolve();
      return new Promise((resolve) => {
        subscription = liveQuery(() => addedCandidates(db)).subscribe({
          next: (added) => {
            withShipped(added).then((all) => {
              candidates = all;
              resolve();
            }, resolve);
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

/** The wheels added in this browser, as resolution sees them (no bytes kept). */
export async function addedCandidates(db: HeroDb): Promise<Candidate[]> {
  const records = await db.packages.toArray();
  return records.map(({ name, version, requires }) => ({ name, version, requires }));
}
