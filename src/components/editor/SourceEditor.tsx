import { setDiagnostics } from "@codemirror/lint";
import { EditorState, Transaction } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { createEffect, on, onCleanup, onMount } from "solid-js";
import { lintDiagnostics, problemDiagnostics, type SourceProblem } from "../../editor/diagnostics";
import { pythonBase, pythonEditing, readOnly } from "../../editor/setup";
import { colorScheme } from "../../editor/theme";
import type { LintFinding } from "../../lint/findings";
import "./editor.css";

/**
 * The element a `SourceEditor` renders into carries its CodeMirror view as `editorView`, so
 * scripts and the e2e tests can read the text and the selection (the DOM shows only the
 * lines in view).
 */
export type SourceEditorElement = HTMLDivElement & { editorView?: EditorView };

/**
 * A CodeMirror 6 Python editor. `value` is the text to show: a value that differs from the
 * editor's text replaces it (outside the undo history); typing reports through `onInput`.
 * `problem` is marked at its line as an error, each of the lint's `findings` as a warning
 * at its place; `focusLine` is selected and
 * scrolled into view when it is given or changes.
 */
export function SourceEditor(props: {
  value: string;
  onInput?: (value: string) => void;
  /** Ctrl/Cmd-S in the editor. */
  onSave?: () => void;
  problem?: SourceProblem | null;
  findings?: readonly LintFinding[];
  focusLine?: number | null;
  readOnly?: boolean;
  /** The accessible name of the text area. */
  label: string;
  testid?: string;
}) {
  let host!: SourceEditorElement;
  let view: EditorView | undefined;

  const save = () => {
    props.onSave?.();
    return props.onSave !== undefined;
  };

  onMount(() => {
    const scheme = colorScheme();
    const created = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          pythonBase(props.label),
          props.readOnly ? readOnly : pythonEditing(),
          keymap.of([{ key: "Mod-s", preventDefault: true, run: save }]),
          scheme.extension,
          EditorView.updateListener.of((update) => {
            if (update.docChanged) props.onInput?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view = created;
    host.editorView = created;
    const stop = scheme.follow(created);
    onCleanup(() => {
      stop();
      created.destroy();
      view = undefined;
    });
  });

  createEffect(() => {
    const value = props.value;
    if (!view || value === view.state.doc.toString()) return;
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: value },
      annotations: Transaction.addToHistory.of(false),
    });
  });

  createEffect(() => {
    const problem = props.problem ?? null;
    const findings = props.findings ?? [];
    if (!view) return;
    const doc = view.state.doc;
    view.dispatch(
      setDiagnostics(view.state, [
        ...problemDiagnostics(doc, problem),
        ...lintDiagnostics(doc, findings),
      ]),
    );
  });

  createEffect(
    on(
      () => props.focusLine,
      (wanted) => {
        if (!view || !wanted) return;
        const line = view.state.doc.line(Math.min(Math.max(wanted, 1), view.state.doc.lines));
        view.dispatch({
          selection: { anchor: line.from, head: line.to },
          effects: EditorView.scrollIntoView(line.from, { y: "center" }),
        });
        view.focus();
      },
    ),
  );

  return <div class="source-editor" ref={host} data-testid={props.testid} />;
}
