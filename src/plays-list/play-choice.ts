import { type Accessor, createMemo, createSignal } from "solid-js";
import type { Play } from "../db/records";

/**
 * The plays chosen in the list, to export, compare or delete. A chosen play that left the list
 * (filter, deletion) stays chosen but is not acted on.
 */
export function createPlayChoice(shown: Accessor<Play[] | undefined>, initial: string[]) {
  const [chosen, setChosen] = createSignal(new Set<string>(initial));
  const chosenShown = createMemo(() =>
    (shown() ?? []).map((p) => p.sid).filter((sid) => chosen().has(sid)),
  );
  // Two chosen plays compare, the older as A: what changed from it to the newer one.
  const comparePair = createMemo(() => {
    const pair = (shown() ?? []).filter((p) => chosen().has(p.sid));
    return pair.length === 2 ? [pair[1]!.sid, pair[0]!.sid] : null;
  });
  const allChosen = () => (shown()?.length ?? 0) > 0 && chosenShown().length === shown()?.length;
  const choose = (sids: string[], on: boolean) => {
    const next = new Set(chosen());
    for (const sid of sids) {
      if (on) next.add(sid);
      else next.delete(sid);
    }
    setChosen(next);
  };
  return { chosen, chosenShown, comparePair, allChosen, choose };
}

export type PlayChoice = ReturnType<typeof createPlayChoice>;
