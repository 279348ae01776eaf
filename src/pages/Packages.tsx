import { createResource, createSignal, Show } from "solid-js";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { useHeroLogic } from "../components/engine-context";
import { MissingPackages, PackageList } from "../components/packages/PackageList";
import { WheelDrop } from "../components/packages/WheelDrop";
import "../components/packages/packages.css";
import { type PackageRow, packageRows } from "../packages-list/rows";
import { createLive } from "../reactive/live";

/**
 * The Python packages flows can use: the wheels added in this browser and those shipped with
 * the site, which flows need each, and where to add more.
 */
export function PackagesPage() {
  const api = useHeroLogic();
  // Fixed for the page's life (a new deployment comes with a reload): read once.
  const [shipped] = createResource(() => api.packages.shipped());
  const stored = createLive(
    () => null,
    async () => ({ added: await api.packages.list(), flows: await api.workflows.list() }),
  );
  const view = () => {
    const data = stored.value();
    const site = shipped();
    return data && site ? packageRows(data.added, site, data.flows) : null;
  };
  const [deleting, setDeleting] = createSignal<PackageRow | null>(null);

  return (
    <section class="page packages-page" data-testid="packages-page">
      <h1>Packages</h1>
      <p class="muted intro">
        Python wheels a flow can import once it declares them in its header (
        <code class="mono">{"# /// script"}</code>, <code class="mono">dependencies = [...]</code>).
        They stay in this browser and work offline.
      </p>
      <WheelDrop />
      <Show when={view()}>
        {(v) => (
          <>
            <Show when={v().rows.length > 0} fallback={<EmptyState />}>
              <h2>Wheels</h2>
              <PackageList rows={v().rows} onDelete={setDeleting} />
            </Show>
            <MissingPackages missing={v().missing} />
          </>
        )}
      </Show>
      <ConfirmDialog
        open={deleting() !== null}
        title={`Delete ${deleting()?.name ?? ""} ${deleting()?.version ?? ""}?`}
        confirmLabel="Delete wheel"
        testid="package-delete-dialog"
        onConfirm={async () => {
          const row = deleting();
          if (row) await api.packages.delete(row.name);
          setDeleting(null);
        }}
        onClose={() => setDeleting(null)}
      >
        <DeleteConsequence row={deleting()} />
      </ConfirmDialog>
    </section>
  );
}

function DeleteConsequence(props: { row: PackageRow | null }) {
  return (
    <Show
      when={props.row?.replacesShipped}
      fallback={
        <p>
          {props.row?.neededBy.length
            ? `${props.row.neededBy.join(", ")} will fail before running until a wheel of it is added again.`
            : "No flow declares it."}
        </p>
      }
    >
      <p>Flows will use the wheel shipped with the site instead.</p>
    </Show>
  );
}

function EmptyState() {
  return (
    <div class="packages-empty" data-testid="packages-empty">
      <h2>No wheels yet</h2>
      <p>
        A <strong>wheel</strong> (<code class="mono">.whl</code>) is how a Python package is
        distributed: a zip of its code and a description of it. This app takes pure-Python wheels
        (file names ending in <code class="mono">py3-none-any.whl</code>) and wheels built for its
        Pyodide (<code class="mono">cp314-cp314-pyemscripten_2026_0_wasm32</code>).
      </p>
      <p>
        Get one from a package's page on <a href="https://pypi.org/">pypi.org</a> (Download files →
        Built Distribution), with <code class="mono">pip download NAME --no-deps</code>, or build
        your own with <code class="mono">python -m build</code>. Pyodide's release holds built
        wheels of numpy, pandas and more.
      </p>
    </div>
  );
}
