import { render } from "solid-js/web";
import { App } from "./app";
import { EngineProvider } from "./components/engine-context";
import { db } from "./db/db";
import type { HeroLogicApi } from "./engine/api";
import { createEngine } from "./engine/engine";
import { createPythonPool, defaultPoolSize } from "./engine/run/pool";
import { createWorkerPythonHost } from "./engine/run/python-host";
import { registerServiceWorker } from "./service-worker";
import "./styles.css";

declare global {
  interface Window {
    /** The public engine API (src/engine/api.ts), for scripts and the devtools console. */
    heroLogic: HeroLogicApi;
  }
}

// The pool size can be set with localStorage["hero_logic.workers"] (default: from the cores).
const workers = Number(localStorage.getItem("hero_logic.workers")) || defaultPoolSize();
// How many child plays one play may start: localStorage["hero_logic.max_children"] (default 1,000).
const maxChildren = Number(localStorage.getItem("hero_logic.max_children")) || undefined;
// The pool's other workers wait for the first-visit set-up (the examples, analyzed by the first).
let setUpSettled!: () => void;
const othersAfter = new Promise<void>((resolve) => {
  setUpSettled = resolve;
});
const pool = createPythonPool(createWorkerPythonHost, workers, { othersAfter });
const engine = createEngine(db, pool, { maxChildren });
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
// The service worker (offline use) registers once Python and the first-visit set-up (the
// examples) are done, so that on a first visit its download of the whole build (30 MB) does not
// compete with them.
engine.api
  .ready()
  .catch(() => {})
  .finally(() => {
    setUpSettled();
    registerServiceWorker().catch((error: unknown) =>
      console.error("hero_logic service worker:", error),
    );
  });
engine.start().catch((error: unknown) => console.error("hero_logic start-up:", error));
// Ask the browser not to evict the library under storage pressure.
navigator.storage?.persist?.().catch(() => {});
