import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { HeroDb } from "../../db/schema";
import { nodeWorkerApi } from "../../test-support/node-python";
import { rejection } from "../../test-support/test-engine";
import { createEngine } from "../engine";
import { createPythonPool } from "../run/pool";
import { createPythonHost } from "../run/python-host";

const FLOW = `
from hero_logic import flow

@flow
def main():
    answer = flow.pause("note", fields=[{"name": "text", "field_type": "text"}])
    return len(answer["text"])
`;

/**
 * An engine whose database refuses writes while `full` is set, as a full disk does: every
 * write, or (`answersOnly`) those of pause answers, the large part of a resume. (Refusing the
 * play's own small update there too would abort its nested transaction in fake-indexeddb with
 * a `TransactionInactiveError`, where Chromium refuses the whole transaction when it commits.)
 */
function fullableEngine() {
  const db = new HeroDb("test", { indexedDB: new IDBFactory(), IDBKeyRange });
  const disk = { full: false, answersOnly: false };
  db.use({
    stack: "dbcore",
    name: "full-disk",
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (request) =>
            disk.full && (name === "answers" || !disk.answersOnly)
              ? Promise.reject(
                  new DOMException("The quota has been exceeded.", "QuotaExceededError"),
                )
              : table.mutate(request),
        };
      },
    }),
  });
  const pool = createPythonPool(() => createPythonHost(nodeWorkerApi()), 2);
  const { api } = createEngine(db, pool);
  return { db, api, disk };
}

/** Everything stored, as the export sees it. */
async function everything(api: ReturnType<typeof fullableEngine>["api"]): Promise<string> {
  const { exported_at: _, ...rest } = await api.exportBundle();
  return JSON.stringify(rest);
}

describe("a full storage on the API's writes", () => {
  it("refuses a version, an answer, a play and an import saying storage is full; nothing changes", async () => {
    const { api, disk } = fullableEngine();
    await api.workflows.save({ name: "note", source: FLOW });
    const paused = await api.plays.wait((await api.plays.start("note")).sid, { timeoutMs: 30_000 });
    expect(paused.status).toBe("paused");
    const bundle = await api.exportBundle({ workflows: ["note"] });
    const foreign = {
      ...bundle,
      plays: [],
      workflows: bundle.workflows.map((w) => ({ ...w, sid: "wfother01", name: "other" })),
      versions: bundle.versions.map((v) => ({ ...v, sid: "veother01", workflow_sid: "wfother01" })),
    };
    foreign.workflows[0].current_version_sid = "veother01";
    const before = await everything(api);

    disk.full = true;
    const attempts = {
      save: () => api.workflows.save({ name: "note", source: `${FLOW}\n# edited\n` }),
      resume: () => api.plays.resume(paused.sid, { text: "hello" }),
      start: () => api.plays.start("note"),
      import: () => api.importBundle(foreign),
    };
    const what = {
      save: "this version",
      resume: "the answer",
      start: "a new play",
      import: "the bundle",
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      disk.answersOnly = name === "resume";
      const error = await rejection(attempt());
      expect(error.code).toBe("storage_full");
      expect(error.message).toBe(
        `storage is full: the browser refused to store ${what[name as keyof typeof what]}, so ` +
          "nothing was changed. Free space by deleting plays you no longer need (export them " +
          "first to keep a copy), then try again.",
      );
    }
    disk.full = false;
    expect(await everything(api)).toBe(before);
    expect((await api.plays.get(paused.sid)).status).toBe("paused");

    // Once there is room again, the same answer goes through.
    await api.plays.resume(paused.sid, { text: "hello" });
    const done = await api.plays.wait(paused.sid, { timeoutMs: 30_000 });
    expect(done).toMatchObject({ status: "completed", output_data: 5 });
  });

  it("says the tab is out of date when another tab's upgrade closed the database", async () => {
    const { api, db } = fullableEngine();
    await api.workflows.save({ name: "note", source: FLOW });
    db.close();
    const error = await rejection(api.workflows.save({ name: "note", source: `${FLOW}\n#\n` }));
    expect(error.code).toBe("outdated");
    expect(error.message).toMatch(/^this tab is out of date: .* Reload to continue\.$/);
  });
});
