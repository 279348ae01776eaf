import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  indentUnit,
} from "@codemirror/language";
import { lintGutter, lintKeymap } from "@codemirror/lint";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { EditorState, type Extension } from "@codemirror/state";
import {
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { editorTheme, highlighting } from "./theme";

/** Python's indentation: four spaces, and a tab shown four wide. */
const pythonIndent: Extension = [indentUnit.of("    "), EditorState.tabSize.of(4)];

/**
 * What every Python view shares, editable or not: highlighting, line numbers, folding,
 * bracket matching, search (Ctrl/Cmd-F), the app's theme.
 */
export function pythonBase(label: string): Extension {
  return [
    python(),
    pythonIndent,
    lineNumbers(),
    foldGutter(),
    highlightSpecialChars(),
    drawSelection(),
    bracketMatching(),
    highlightSelectionMatches(),
    search({ top: true }),
    keymap.of([...searchKeymap, ...foldKeymap]),
    highlighting,
    editorTheme,
    EditorView.contentAttributes.of({ "aria-label": label }),
  ];
}

/**
 * The flow editor: the base plus undo history, auto-indent, Tab indents by four spaces
 * (Escape, then Tab, moves the focus on), the active line, the diagnostics gutter.
 */
export function pythonEditing(): Extension {
  return [
    history(),
    dropCursor(),
    indentOnInput(),
    highlightActiveLine(),
    highlightActiveLineGutter(),
    lintGutter(),
    keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap, indentWithTab]),
  ];
}

/** A view that can be read, searched and selected but not changed. */
export const readOnly: Extension = [EditorState.readOnly.of(true), EditorView.editable.of(false)];
