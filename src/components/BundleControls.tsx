import { createSignal, For, Show } from "solid-js";
import { isFinished, type Play } from "../db/records";
import type { BundleSelection, ExportOptions } from "../engine/api";
import { bundleFileName, describeReport, downloadJson } from "../files/bundle-files";
import { absoluteTime } from "../format/format";
import { onDismiss } from "../reactive/dismiss";
import { createLive } from "../reactive/live";
import { createWheelChoice } from "../sharing/wheel-choice";
import { messageOf } from "../wire/errors";
import { CompareWithButton } from "./CompareWith";
import { useHeroLogic } from "./engine-context";
import { IncludeWheels } from "./IncludeWheels";
import { TraceExportMenu } from "./TraceExportMenu";
import "./share.css";

/**
 * A button that exports a bundle (`selection`, read when clicked) as a JSON file download.
 * A failure shows beside it.
 */
export function ExportButton(props: {
  label: string;
  selection: () => BundleSelection;
  /** What the export carries besides the records (read when clicked; default: nothing). */
  options?: () => ExportOptions;
  fileName: () => string;
  testid: string;
  disabled?: boolean;
  class?: string;
}) {
  const api = useHeroLogic();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  async function run() {
    setBusy(true);
    setError("");
    try {
      const bundle = await api.exportBundle(props.selection(), props.options?.());
      downloadJson(bundle, props.fileName(), api.limits);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button
        type="button"
        class={props.class}
        data-testid={props.testid}
        disabled={busy() || props.disabled}
        onClick={run}
      >
        {busy() ? "Exporting…" : props.label}
      </button>
      <Show when={error()}>
        <span class="field-error" role="alert">
          {error()}
        </span>
      </Show>
    </>
  );
}

/**
 * Import a bundle file: a button (keyboard reachable) opens the file picker; the file is
 * validated and imported in one go, and what was added, or why nothing was, shows in place.
 */
export function ImportBundleButton() {
  const api = useHeroLogic();
  let input: HTMLInputElement | undefined;
  let anchor: HTMLSpanElement | undefined;
  const [busy, setBusy] = createSignal(false);
  const [result, setResult] = createSignal<{ ok: boolean; text: string } | null>(null);
  onDismiss(
    () => anchor,
    () => setResult(null),
  );
  async function importFile(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    setResult(null);
    try {
      // The engine refuses it by its size before a byte is read.
      const report = await api.importBundle(file);
      setResult({ ok: true, text: `${file.name}: ${describeReport(report)}` });
    } catch (failure) {
      setResult({ ok: false, text: `${file.name} was not imported. ${messageOf(failure)}` });
    } finally {
      setBusy(false);
      // The same file may be chosen again (after fixing it, or to see it is idempotent).
      if (input) input.value = "";
    }
  }
  return (
    <span class="share-anchor" ref={anchor}>
      <button
        type="button"
        data-testid="import-bundle"
        disabled={busy()}
        onClick={() => input?.click()}
        title="Import flows and plays from an exported .json bundle"
      >
        {busy() ? "Importing…" : "Import…"}
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        data-testid="import-bundle-file"
        aria-label="Bundle file to import"
        hidden
        onChange={(e) => importFile(e.currentTarget.files?.[0])}
      />
      <Show when={result()}>
        {(r) => (
          <div class="share-popover">
            <p
              class={r().ok ? "notice" : "error-message"}
              data-testid={r().ok ? "import-report" : "import-error"}
              role={r().ok ? "status" : "alert"}
            >
              {r().text}
            </p>
          </div>
        )}
      </Show>
    </span>
  );
}

/** The library's export and import: the whole library, or chosen flows. */
export function LibraryBundleControls() {
  return (
    <div class="bundle-controls">
      <LibraryExport />
      <ImportBundleButton />
    </div>
  );
}

/**
 * The library's Export… button and its panel: two exports, each with its own wheels option
 * beside its button, since the chosen flows may need fewer wheels than the whole library (or
 * none), and one count could not say what both carry. The flows are read while the panel is
 * closed, so it opens with all of them listed.
 */
function LibraryExport() {
  const api = useHeroLogic();
  const workflows = createLive(
    () => null,
    () => api.workflows.list(),
  );
  const [open, setOpen] = createSignal(false);
  let anchor: HTMLSpanElement | undefined;
  onDismiss(
    () => anchor,
    () => setOpen(false),
  );
  const [unchecked, setUnchecked] = createSignal(new Set<string>());
  const all = () => (workflows.value() ?? []).map((w) => w.name);
  const chosen = () =>
    (workflows.value() ?? []).filter((w) => !unchecked().has(w.sid)).map((w) => w.name);
  const flowWheels = createWheelChoice(api, () => ({ workflows: chosen() }));
  // Named flows, not `{}`: the count follows the library as flows come and go.
  const libraryWheels = createWheelChoice(api, () => ({ workflows: all() }));
  const toggle = (sid: string, on: boolean) => {
    const next = new Set(unchecked());
    if (on) next.delete(sid);
    else next.add(sid);
    setUnchecked(next);
  };
  return (
    <span class="share-anchor" ref={anchor}>
      <button
        type="button"
        data-testid="export-open"
        aria-expanded={open()}
        onClick={() => setOpen(!open())}
      >
        Export…
      </button>
      <Show when={open()}>
        <div class="share-popover" role="dialog" aria-label="Export" data-testid="export-panel">
          <h2>Export to a file</h2>
          <p class="hint">A JSON file you can keep as a backup or import in another browser.</p>
          <fieldset class="export-part">
            <legend>Chosen flows</legend>
            <p class="hint">Each with all its versions, without plays.</p>
            <ul class="choose-list">
              <For each={workflows.value()}>
                {(workflow) => (
                  <li>
                    <label>
                      <input
                        type="checkbox"
                        data-testid={`export-choose-${workflow.name}`}
                        checked={!unchecked().has(workflow.sid)}
                        onChange={(e) => toggle(workflow.sid, e.currentTarget.checked)}
                      />{" "}
                      <span class="mono">{workflow.name}</span>
                    </label>
                  </li>
                )}
              </For>
            </ul>
            <IncludeWheels choice={flowWheels} />
            <div class="share-row">
              <ExportButton
                label={`Export chosen flows (${chosen().length})`}
                testid="export-flows"
                disabled={chosen().length === 0}
                selection={() => ({ workflows: chosen() })}
                options={flowWheels.options}
                fileName={() => bundleFileName(chosen().length === 1 ? chosen()[0]! : "flows")}
              />
            </div>
          </fieldset>
          <fieldset class="export-part">
            <legend>Whole library</legend>
            <p class="hint">Every flow, with all its versions, and every play.</p>
            <IncludeWheels choice={libraryWheels} testid="export-library-wheels" />
            <div class="share-row">
              <ExportButton
                label="Export whole library (flows and plays)"
                class="primary"
                testid="export-library"
                selection={() => ({})}
                options={libraryWheels.options}
                fileName={() => bundleFileName("library")}
              />
            </div>
          </fieldset>
        </div>
      </Show>
    </span>
  );
}

/**
 * On a play's page: export this play (with its child plays), and for an imported play, a
 * banner saying it is a read-only record.
 */
export function PlayRecordBar(props: { play: Play }) {
  const wheels = createWheelChoice(useHeroLogic(), () => ({ plays: [props.play.sid] }));
  return (
    <div class="record-bar">
      <Show when={props.play.imported_at}>
        {(at) => (
          <p class="imported-banner" data-testid="imported-banner" role="note">
            <strong>Imported record, read-only.</strong> This play ran in another browser and was
            imported here <time>{absoluteTime(at())}</time>. It is shown as it was exported
            {isFinished(props.play)
              ? ""
              : ` (${props.play.status}${props.play.pending_pause ? ` at “${props.play.pending_pause.name}”` : ""})`}
            ; it is never run, resumed or cancelled here.
          </p>
        )}
      </Show>
      <div class="bundle-controls">
        <ExportButton
          label="Export play"
          testid="export-play"
          selection={() => ({ plays: [props.play.sid] })}
          options={wheels.options}
          fileName={() => bundleFileName(`play-${props.play.sid}`)}
        />
        <IncludeWheels choice={wheels} />
        <TraceExportMenu playSid={props.play.sid} />
        <CompareWithButton playSid={props.play.sid} />
      </div>
    </div>
  );
}
