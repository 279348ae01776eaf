import Dexie, { type Table } from "dexie";
import type {
  NetworkGrant,
  OutputBatch,
  PackageRecord,
  PauseAnswer,
  Play,
  RunRecord,
  SecretRecord,
  SpanBatch,
  Workflow,
  WorkflowVersion,
} from "./records";

/** The app's IndexedDB database. Only the engine writes to it. */
export class HeroDb extends Dexie {
  workflows!: Table<Workflow, string>;
  versions!: Table<WorkflowVersion, string>;
  plays!: Table<Play, string>;
  batches!: Table<SpanBatch, [string, number, number]>;
  outputs!: Table<OutputBatch, [string, number, number]>;
  answers!: Table<PauseAnswer, [string, string]>;
  runs!: Table<RunRecord, [string, number]>;
  /** Small app facts, e.g. whether the examples were installed once. */
  meta!: Table<{ key: string; value: unknown }, string>;
  secrets!: Table<SecretRecord, string>;
  grants!: Table<NetworkGrant, string>;
  packages!: Table<PackageRecord, string>;

  constructor(name = "hero_logic", options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    const stores = {
      workflows: "sid, &name, updated_at",
      versions: "sid, [workflow_sid+created_at]",
      plays: "sid, status, workflow_sid, parent_play_sid, created_at",
      batches: "[play_sid+run_no+batch_no]",
      outputs: "[play_sid+run_no+batch_no]",
      answers: "[play_sid+key]",
      runs: "[play_sid+run_no]",
      meta: "key",
    };
    this.version(1).stores(stores);
    // Same tables; span logs may hold span ends (`SpanEnd`), which an older build cannot read:
    // its open tabs let go of the database and ask for a reload.
    this.version(2).stores(stores);
    // Secrets and network grants (issue 17): new tables, nothing else changes.
    this.version(3).stores({ ...stores, secrets: "name", grants: "workflow_sid" });
    // Wheels the person added (issue 18): a new table, nothing else changes.
    this.version(4).stores({
      ...stores,
      secrets: "name",
      grants: "workflow_sid",
      packages: "name",
    });
  }
}
