import { liveQuery, type Subscription } from "dexie";
import type { Workflow } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { notFound } from "../errors";
import type { SharedFlow } from "./share";

interface Entry extends SharedFlow {
  sid: string;
}

/**
 * The current source of every workflow, in memory, so `heroLogic.shareUrl` can answer
 * synchronously (IndexedDB cannot). The engine updates it on its own writes at once; a live
 * query over the database picks up everything else (other tabs, the examples installer).
 */
export function createShareIndex(db: HeroDb) {
  let bySid = new Map<string, Entry>();
  let subscription: Subscription | null = null;

  async function read(): Promise<Map<string, Entry>> {
    const workflows = await db.workflows.toArray();
    const versions = await db.versions.bulkGet(workflows.map((w) => w.current_version_sid));
    const entries = new Map<string, Entry>();
    workflows.forEach((workflow, i) => {
      const source = versions[i]?.source;
      if (source !== undefined) entries.set(workflow.sid, entryOf(workflow, source));
    });
    return entries;
  }

  return {
    /** The flow to share, by workflow name or sid; `not_found` when there is none. */
    find(nameOrSid: string): SharedFlow {
      const entry = bySid.get(nameOrSid) ?? [...bySid.values()].find((e) => e.name === nameOrSid);
      if (!entry) throw notFound("workflow", nameOrSid);
      return { name: entry.name, description: entry.description, source: entry.source };
    },
    /** A workflow was just saved with `source` as its current source. */
    saved(workflow: Workflow, source: string): void {
      bySid.set(workflow.sid, entryOf(workflow, source));
    },
    deleted(sid: string): void {
      bySid.delete(sid);
    },
    /** Read everything again (after an import, which may touch many workflows). */
    async refresh(): Promise<void> {
      bySid = await read();
    },
    /** Follow the database from now on; resolves once the index is filled. */
    watch(): Promise<void> {
      if (subscription) return Promise.resolve();
      return new Promise((resolve) => {
        subscription = liveQuery(read).subscribe({
          next: (entries) => {
            bySid = entries;
            resolve();
          },
          error: (error: unknown) => {
            console.error("hero_logic: the share index could not follow the library", error);
            resolve();
          },
        });
      });
    },
  };
}

export type ShareIndex = ReturnType<typeof createShareIndex>;

function entryOf(workflow: Workflow, source: string): Entry {
  const { sid, name, description } = workflow;
  return { sid, name, description, source };
}
