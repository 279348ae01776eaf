import { createSignal, onCleanup } from "solid-js";
import type { RunStage } from "../engine/run/run-stages";
import { useEngine } from "./engine-context";

/** This tab's stage of each play's run (see `RunStages`), read as a signal. Call inside a component. */
export function useRunStages(): (playSid: string) => RunStage | undefined {
  const { stages } = useEngine();
  const [version, setVersion] = createSignal(0);
  onCleanup(stages.subscribe(() => setVersion((n) => n + 1)));
  return (playSid) => {
    version();
    return stages.get(playSid);
  };
}
