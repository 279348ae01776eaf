import { render } from "solid-js/web";
import { App } from "./app";
import { EngineProvider } from "./components/engine-context";
import { db } from "./db/db";
import type { HeroLogicApi } from "./engine/api";
import { createEngine } from "./engine/engine";
import { createPythonPool, defaultPoolSize } from "./engine/pool";
import { createWorkerPythonHost } from "./engine/python-host";
import "./styles.css";

declare global {
  interface Window {
    /** The public engine API (SPEC §4), for scripts and the devtools console. */
    heroLogic: HeroLogicApi;
  }
}

// The pool size can be set with localStorage["hero_logic.workers"] (default: from the cores).
const workers = Number(localStorage.getItem("hero_logic.workers")) || defaultPoolSize();
const engine = createEngine(db, createPythonPool(createWorkerPythonHost, workers));
window.heroLogic = engine.api;

render(
  () => (
    <EngineProvider engine={engine}>
      <App />
    </EngineProvider>
  ),
  document.getElementById("root")!,
);

// Python boots in the background while the UI is already usable; its status is in the rail.
engine.python.ready().catch(() => {});
engine.start().catch((error: unknown) => console.error("hero_logic start-up:", error));
// Ask the browser not to evict the library under storage pressure.
navigator.storage?.persist?.().catch(() => {});
