import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDraftKeeper, type EditorState } from "./draft-keeper";
import { type Draft, draftKey, readDraft, removeDraft, writeDraft } from "./drafts";

/** A Storage over a Map; `limit` characters in all, past which setItem throws like a browser. */
function memoryStorage(limit = Number.POSITIVE_INFINITY): Storage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  const used = () => [...map].reduce((n, [k, v]) => n + k.length + v.length, 0);
  return {
    map,
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem(key, value) {
      const before = map.get(key);
      const after = used() - (before ? key.length + before.length : 0) + key.length + value.length;
      if (after > limit) {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      }
      map.set(key, String(value));
    },
  };
}

const draft: Draft = { source: "x = 1\n", base_version_sid: "v1", saved_at: 1_000 };

describe("the draft store", () => {
  it("keeps one draft per workflow sid and reads it back", () => {
    const storage = memoryStorage();
    expect(writeDraft(storage, "wf_a", draft)).toBe("kept");
    expect(readDraft(storage, "wf_a")).toEqual(draft);
    expect(readDraft(storage, "wf_b")).toBeNull();
    expect([...storage.map.keys()]).toEqual([draftKey("wf_a")]);
    removeDraft(storage, "wf_a");
    expect(readDraft(storage, "wf_a")).toBeNull();
  });

  it("says a draft is too large when the quota is exceeded, and keeps the older one", () => {
    const storage = memoryStorage(200);
    expect(writeDraft(storage, "wf_a", draft)).toBe("kept");
    const big = { ...draft, source: "#".repeat(500), saved_at: 2_000 };
    expect(writeDraft(storage, "wf_a", big)).toBe("too-large");
    expect(readDraft(storage, "wf_a")).toEqual(draft);
  });

  it("treats unreadable or foreign values as no draft", () => {
    const storage = memoryStorage();
    storage.setItem(draftKey("a"), "{not json");
    storage.setItem(draftKey("b"), JSON.stringify({ source: 3, base_version_sid: "v" }));
    storage.setItem(draftKey("c"), "null");
    for (const sid of ["a", "b", "c"]) expect(readDraft(storage, sid)).toBeNull();
  });

  it("works without storage, or with storage that throws on every call", () => {
    const broken = memoryStorage();
    const fail = () => {
      throw new DOMException("denied", "SecurityError");
    };
    broken.getItem = fail;
    broken.setItem = fail;
    broken.removeItem = fail;
    expect(writeDraft(null, "wf", draft)).toBe("unavailable");
    expect(writeDraft(broken, "wf", draft)).toBe("unavailable");
    expect(readDraft(broken, "wf")).toBeNull();
    expect(() => removeDraft(broken, "wf")).not.toThrow();
  });
});

describe("the draft keeper", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const state = (source: string, workflowSid = "wf_a"): EditorState => ({
    workflowSid,
    baseVersionSid: "v1",
    source,
    saved: "saved\n",
  });

  it("writes the draft once the typing stops, with its base version and time", () => {
    const storage = memoryStorage();
    const keeper = createDraftKeeper({ storage, delayMs: 500, now: () => 42 });
    keeper.edit(state("s"));
    vi.advanceTimersByTime(300);
    keeper.edit(state("sa"));
    vi.advanceTimersByTime(300);
    expect(readDraft(storage, "wf_a")).toBeNull();
    vi.advanceTimersByTime(200);
    expect(readDraft(storage, "wf_a")).toEqual({
      source: "sa",
      base_version_sid: "v1",
      saved_at: 42,
    });
  });

  it("writes at once on flush (the page is hidden) and not again after", () => {
    const storage = memoryStorage();
    const writes: string[] = [];
    const keeper = createDraftKeeper({ storage, onWrite: (r) => writes.push(r) });
    keeper.edit(state("typed"));
    keeper.flush();
    expect(readDraft(storage, "wf_a")?.source).toBe("typed");
    vi.runAllTimers();
    expect(writes).toEqual(["kept"]);
  });

  it("writes its text again as the page goes away when another tab replaced the draft", () => {
    const storage = memoryStorage();
    let clock = 1;
    const keeper = createDraftKeeper({ storage, now: () => clock });
    keeper.edit(state("this tab's edits"));
    keeper.flush();
    clock = 2;
    writeDraft(storage, "wf_a", { ...draft, source: "the other tab's edits", saved_at: 2 });
    clock = 3;
    keeper.flush();
    expect(readDraft(storage, "wf_a")).toMatchObject({ source: "this tab's edits", saved_at: 3 });
    // Hidden again with nothing new: the draft and its time stay as they are.
    clock = 4;
    keeper.flush();
    expect(readDraft(storage, "wf_a")?.saved_at).toBe(3);
  });

  it("removes its draft when the text is back at the saved one, or forgotten", () => {
    const storage = memoryStorage();
    const keeper = createDraftKeeper({ storage });
    keeper.edit(state("typed"));
    keeper.flush();
    keeper.edit(state("saved\n"));
    expect(readDraft(storage, "wf_a")).toBeNull();

    keeper.edit(state("again"));
    keeper.flush();
    keeper.forget();
    expect(readDraft(storage, "wf_a")).toBeNull();
  });

  it("never removes a draft another tab wrote just because the flow opened here", () => {
    const storage = memoryStorage();
    writeDraft(storage, "wf_a", draft);
    const keeper = createDraftKeeper({ storage });
    keeper.edit(state("saved\n"));
    keeper.forget();
    vi.runAllTimers();
    expect(readDraft(storage, "wf_a")).toEqual(draft);
  });

  it("replaces and removes a draft it adopted, without rewriting it unchanged", () => {
    const storage = memoryStorage();
    writeDraft(storage, "wf_a", draft);
    const keeper = createDraftKeeper({ storage, now: () => 9_999 });
    keeper.adopt("wf_a", draft.source);
    keeper.edit(state(draft.source));
    vi.runAllTimers();
    expect(readDraft(storage, "wf_a")?.saved_at).toBe(1_000);
    keeper.edit(state("saved\n"));
    expect(readDraft(storage, "wf_a")).toBeNull();
  });

  it("keeps each flow's edits under its own sid when the page moves to another flow", () => {
    const storage = memoryStorage();
    const keeper = createDraftKeeper({ storage });
    keeper.edit(state("edits of a", "wf_a"));
    keeper.edit(state("saved\n", "wf_b"));
    vi.runAllTimers();
    expect(readDraft(storage, "wf_a")?.source).toBe("edits of a");
    expect(readDraft(storage, "wf_b")).toBeNull();
  });

  it("reports a draft too large to keep, and editing goes on", () => {
    const storage = memoryStorage(100);
    const writes: string[] = [];
    const keeper = createDraftKeeper({ storage, onWrite: (r) => writes.push(r) });
    keeper.edit(state("#".repeat(200)));
    expect(() => keeper.flush()).not.toThrow();
    keeper.edit(state("small"));
    keeper.flush();
    expect(writes).toEqual(["too-large", "kept"]);
    expect(readDraft(storage, "wf_a")?.source).toBe("small");
  });
});
