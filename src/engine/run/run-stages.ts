/**
 * What a play of this tab waits for before its Python begins, as the page tells it: a play
 * given a worker that is still booting, or installing the packages its flow declares, is
 * `running` in the stored data but runs nothing of its own yet. In memory only: it lasts
 * seconds, and only the tab running the play knows it.
 */
export type RunStage = "starting-python" | "installing-packages";

export interface RunStages {
  get(playSid: string): RunStage | undefined;
  set(playSid: string, stage: RunStage | null): void;
  /** Call `listener` on every change; returns the way to stop. */
  subscribe(listener: () => void): () => void;
}

export function createRunStages(): RunStages {
  const stages = new Map<string, RunStage>();
  const listeners = new Set<() => void>();
  return {
    get: (playSid) => stages.get(playSid),
    set(playSid, stage) {
      if ((stages.get(playSid) ?? null) === stage) return;
      if (stage) stages.set(playSid, stage);
      else stages.delete(playSid);
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
