import { type Accessor, batch, createEffect, createSignal, on } from "solid-js";
import type { Workflow, WorkflowVersion } from "../db/records";
import { HeroError } from "../engine/errors";
import type { LintFinding } from "../lint/findings";
import { messageOf } from "../wire/errors";
import type { AnalyzeResult } from "../wire/records";
import type { SourceProblem } from "./diagnostics";
import { createFlowDraft } from "./flow-draft";
import { guardUnsavedEdits } from "./leave-guard";
import { createLintCheck } from "./lint-check";
import { createSyntaxCheck } from "./syntax-check";

/** What one flow's editing reads from the page around it. */
export interface FlowEditingSources {
  workflow: Accessor<Workflow | undefined>;
  versions: Accessor<WorkflowVersion[] | undefined>;
  /** The moves inside the app that keep the editor (and its unsaved edits). */
  stays: (to: string) => boolean;
  pythonReady: Accessor<boolean>;
  analyze: (source: string) => Promise<AnalyzeResult>;
  lint: (source: string) => Promise<LintFinding[]>;
  saveSource: (name: string, source: string) => Promise<Workflow>;
}

/**
 * The flow page's editor state: the text on screen, the saved source, what Python or the engine
 * found wrong with it, the draft that keeps unsaved text, and saving it as a new version.
 */
export function createFlowEditing(sources: FlowEditingSources) {
  const [source, setSource] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal("");
  const [problem, setProblem] = createSignal<SourceProblem | null>(null);
  const [findings, setFindings] = createSignal<LintFinding[]>([]);
  // Ruff could not be loaded: said quietly above the editor, the last findings cleared.
  const [lintUnavailable, setLintUnavailable] = createSignal(false);
  const [notice, setNotice] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const dirty = () => source() !== null && source() !== saved();
  const draft = createFlowDraft({ source, saved });

  followCurrentVersion(sources, dirty, (version, opening, workflowSid) => {
    // One change: the draft keeper must never see one flow's text with another's.
    batch(() => {
      if (opening) setProblem(null);
      else draft.loaded(version.sid);
      setSaved(version.source);
      setSource(opening ? draft.open(workflowSid, version) : version.source);
    });
  });
  guardUnsavedEdits(dirty, sources.stays, draft.forget);
  createSyntaxCheck({
    source,
    ready: sources.pythonReady,
    analyze: sources.analyze,
    onResult: setProblem,
  });
  createLintCheck({
    source,
    lint: sources.lint,
    onResult: (found) => {
      batch(() => {
        setLintUnavailable(false);
        setFindings(found);
      });
    },
    onUnavailable: () => {
      batch(() => {
        setLintUnavailable(true);
        setFindings([]);
      });
    },
  });

  async function save(): Promise<boolean> {
    const wf = sources.workflow();
    const text = source();
    if (!wf || text === null) return false;
    setNotice("");
    setBusy(true);
    try {
      const result = await sources.saveSource(wf.name, text);
      setSaved(text);
      draft.loaded(result.current_version_sid);
      setProblem(null);
      setNotice(
        result.current_version_sid === wf.current_version_sid
          ? "No changes to save."
          : "Saved a new version.",
      );
      return true;
    } catch (failure) {
      const message = messageOf(failure);
      const line = failure instanceof HeroError ? failure.line : null;
      setProblem({ message, line, column: null });
      return false;
    } finally {
      setBusy(false);
    }
  }

  function discardDraft() {
    draft.discard();
    setSource(saved());
  }

  return {
    source,
    setSource,
    problem,
    findings,
    lintUnavailable,
    notice,
    busy,
    dirty,
    draft,
    save,
    discardDraft,
  };
}

export type FlowEditing = ReturnType<typeof createFlowEditing>;

/**
 * The editor holds the current version's source, or the flow's unsaved draft when it opens;
 * a newer version saved elsewhere (another tab, "Restore examples") replaces it unless there
 * are unsaved edits. Keyed by sid, so a rename keeps the edits and the undo history.
 */
function followCurrentVersion(
  sources: FlowEditingSources,
  dirty: Accessor<boolean>,
  load: (version: WorkflowVersion, opening: boolean, workflowSid: string) => void,
) {
  let loadedSid = "";
  createEffect(
    on(
      () => [sources.workflow(), sources.versions()] as const,
      ([wf, list]) => {
        const version = wf && list?.find((v) => v.sid === wf.current_version_sid);
        if (!wf || !version || (wf.sid === loadedSid && dirty())) return;
        const opening = wf.sid !== loadedSid;
        loadedSid = wf.sid;
        load(version, opening, wf.sid);
      },
    ),
  );
}
