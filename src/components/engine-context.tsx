import { createContext, createSignal, type JSX, onCleanup, useContext } from "solid-js";
import type { Engine } from "../engine/engine";
import type { RuntimeStatus } from "../engine/run/python-host";
import type { RunStage } from "../engine/run/run-stages";

const EngineContext = createContext<Engine>();

export function EngineProvider(props: { engine: Engine; children: JSX.Element }) {
  return <EngineContext.Provider value={props.engine}>{props.children}</EngineContext.Provider>;
}

export function useEngine(): Engine {
  const engine = useContext(EngineContext);
  if (!engine) throw new Error("useEngine() used outside <EngineProvider>");
  return engine;
}

/** The public API, as the UI uses it: the same object as `window.heroLogic`. */
export function useHeroLogic() {
  return useEngine().api;
}

/** The Python runtime's boot status as a signal. */
export function usePythonStatus(): () => RuntimeStatus {
  const { python } = useEngine();
  const [status, setStatus] = createSignal(python.status());
  onCleanup(python.onStatus(setStatus));
  return status;
}

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
