import { HeroDb } from "./schema";

/** The app's database; tests make their own `HeroDb` over fake-indexeddb instead. */
export const db = new HeroDb();
