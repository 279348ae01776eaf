import { A, HashRouter, Navigate, Route, type RouteSectionProps } from "@solidjs/router";
import { createEffect, Show } from "solid-js";
import { useHeroLogic } from "./components/engine-context";
import { PythonProgress } from "./components/PythonProgress";
import { PythonStatus } from "./components/PythonStatus";
import { StorageBanner } from "./components/StorageBanner";
import { UpdatePrompt } from "./components/UpdatePrompt";
import { titleWithWaiting } from "./format/page-title";
import { DiffPage } from "./pages/Diff";
import { FlowPage } from "./pages/Flow";
import { LibraryPage } from "./pages/Library";
import { PackagesPage } from "./pages/Packages";
import { PlayPage } from "./pages/Play";
import { PlaysPage } from "./pages/Plays";
import { SettingsPage } from "./pages/Settings";
import { SharedPage } from "./pages/Shared";
import { createLive } from "./reactive/live";

function Shell(props: RouteSectionProps) {
  return (
    <div class="shell">
      <nav class="rail" aria-label="Main">
        <A href="/flows" class="brand">
          hero_logic
        </A>
        <A href="/flows" class="rail-link">
          Library
        </A>
        <A href="/plays" class="rail-link">
          Plays <PausedCount />
        </A>
        <A href="/packages" class="rail-link">
          Packages
        </A>
        <A href="/settings" class="rail-link">
          Settings
        </A>
        <div class="rail-spacer" />
        <PythonStatus />
      </nav>
      <main class="main">
        <PythonProgress />
        {props.children}
      </main>
      <UpdatePrompt />
      <StorageBanner />
    </div>
  );
}

export function App() {
  return (
    <HashRouter root={Shell}>
      <Route path="/" component={() => <Navigate href="/flows" />} />
      <Route path="/flows" component={LibraryPage} />
      <Route path="/flows/:name" component={FlowPage} />
      <Route path="/plays" component={PlaysPage} />
      {/* One route for all, so selecting a span (which changes the URL) keeps the page. */}
      <Route
        path={["/plays/:sid", "/plays/:sid/spans/:span", "/plays/:sid/fork/:fork"]}
        component={PlayPage}
      />
      <Route path="/diff/:a/:b" component={DiffPage} />
      <Route path="/packages" component={PackagesPage} />
      <Route path="/settings" component={SettingsPage} />
      {/* A flow shared by link: the payload is the flow, compressed (engine/portable/share.ts). */}
      <Route path="/share/:payload" component={SharedPage} />
      <Route path="*" component={NotFound} />
    </HashRouter>
  );
}

function NotFound() {
  return (
    <section class="page">
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. Go to the <A href="/flows">library</A>.
      </p>
    </section>
  );
}

/** How many plays wait for someone to answer a pause. */
function PausedCount() {
  const api = useHeroLogic();
  const paused = createLive(
    () => null,
    // Imported plays are read-only records: nobody can answer them here.
    async () => (await api.plays.list({ status: "paused" })).filter((p) => !p.imported_at),
  );
  // The tab's title carries the count too: "(2) hero_logic — …", seen from any other tab.
  createEffect(() => {
    document.title = titleWithWaiting(document.title, paused.value()?.length ?? 0);
  });
  return (
    <Show when={(paused.value()?.length ?? 0) > 0}>
      <span class="rail-count s-paused" title="paused plays waiting for an answer">
        {paused.value()?.length}
      </span>
    </Show>
  );
}
