import { createSignal } from "solid-js";
import type { HeroLogicApi } from "../engine/api";
import type { SharedFlow } from "../engine/portable/share";
import { messageOf } from "../wire/errors";

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** What adding a shared flow did: saved under `name`, as a new version or not, or found already there. */
export type AddOutcome = { name: string; unchanged: boolean; asVersion: boolean };

/**
 * Adding a flow shared by link to the library. A flow of the same name with another source is
 * a clash: the person adds it as a new version of that flow or under a free name of their own.
 */
export function createSharedFlowAdding(api: HeroLogicApi, flow: () => SharedFlow) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const [clash, setClash] = createSignal(false);
  const [newName, setNewName] = createSignal("");
  const [nameError, setNameError] = createSignal("");
  const [outcome, setOutcome] = createSignal<AddOutcome | null>(null);

  async function save(name: string, asVersion: boolean) {
    setBusy(true);
    setError("");
    try {
      const before = await api.workflows.get(name);
      // A new version keeps the description the flow has here.
      const description = asVersion ? undefined : flow().description;
      const saved = await api.workflows.save({ name, source: flow().source, description });
      const unchanged = before?.current_version_sid === saved.current_version_sid;
      // Someone else's code is the flow's current version now: what the person allowed the
      // flow before does not carry over to it (a shared flow never brings a grant).
      if (before && !unchanged) await api.network.revoke(saved.sid);
      setOutcome({ name, unchanged, asVersion });
      setClash(false);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  async function add() {
    const existing = await api.workflows.get(flow().name);
    if (!existing) return save(flow().name, false);
    const current = (await api.workflows.versions(existing.sid)).find(
      (version) => version.sid === existing.current_version_sid,
    );
    if (current?.source === flow().source) {
      setOutcome({ name: existing.name, unchanged: true, asVersion: false });
      return;
    }
    setNewName(await freeName(api, flow().name));
    setClash(true);
  }

  async function addUnderNewName() {
    const name = newName().trim();
    setNameError("");
    if (!NAME.test(name)) {
      setNameError("Use letters, digits and _ (not starting with a digit), at most 64.");
      return;
    }
    if (await api.workflows.get(name)) {
      setNameError(`A flow named “${name}” exists too; choose another name.`);
      return;
    }
    await save(name, false);
  }

  return {
    busy,
    error,
    clash,
    newName,
    setNewName,
    nameError,
    outcome,
    add,
    addAsVersion: () => save(flow().name, true),
    addUnderNewName,
  };
}

export type SharedFlowAdding = ReturnType<typeof createSharedFlowAdding>;

/** The first of `<base>_2`, `<base>_3`, … that no flow has. */
async function freeName(api: HeroLogicApi, base: string): Promise<string> {
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 60)}_${n}`;
    if (!(await api.workflows.get(candidate))) return candidate;
  }
}
