import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { Compartment, type Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

/**
 * The editor's look, from the app's CSS variables (src/styles.css), so it follows the light
 * and dark palettes without a second theme. CodeMirror's own panels, tooltips and merge
 * colours pick their variant from `EditorView.darkTheme`, which `colorScheme` keeps in step
 * with `prefers-color-scheme`.
 */
export const editorTheme = EditorView.theme({
  "&": {
    color: "var(--text)",
    backgroundColor: "var(--panel)",
    fontSize: "12.5px",
    height: "100%",
  },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5" },
  ".cm-content": { caretColor: "var(--text)", padding: "0.5rem 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--text)" },
  "&.cm-focused": { outline: "none" },
  ".cm-gutters": {
    backgroundColor: "var(--code-bg)",
    color: "var(--muted)",
    border: "none",
    borderRight: "1px solid var(--border)",
  },
  ".cm-lineNumbers .cm-gutterElement": { minWidth: "2rem", padding: "0 0.3rem 0 0.5rem" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--selected)", color: "var(--text)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    { backgroundColor: "var(--editor-selection)" },
  ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": {
    backgroundColor: "var(--selected)",
    outline: "1px solid var(--accent)",
    color: "inherit",
  },
  ".cm-nonmatchingBracket": { color: "var(--failed)" },
  ".cm-searchMatch": { backgroundColor: "var(--search-match)", outline: "1px solid var(--paused)" },
  ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: "var(--editor-selection)" },
  ".cm-selectionMatch": { backgroundColor: "var(--selected)" },
  ".cm-panels": { backgroundColor: "var(--code-bg)", color: "var(--text)" },
  ".cm-panels.cm-panels-top": { borderBottom: "1px solid var(--border)" },
  ".cm-panel input, .cm-panel button": { fontSize: "12.5px" },
  ".cm-button": {
    backgroundImage: "none",
    backgroundColor: "var(--panel)",
    border: "1px solid var(--border)",
    borderRadius: "5px",
    color: "var(--text)",
  },
  ".cm-textfield": {
    backgroundColor: "var(--panel)",
    border: "1px solid var(--border)",
    borderRadius: "5px",
    color: "var(--text)",
  },
  ".cm-tooltip": {
    backgroundColor: "var(--panel)",
    color: "var(--text)",
    border: "1px solid var(--border)",
    borderRadius: "6px",
  },
  ".cm-diagnostic-error": { borderLeftColor: "var(--failed)" },
  ".cm-lintRange-error": {
    backgroundImage: "none",
    textDecoration: "underline wavy var(--failed)",
    textUnderlineOffset: "3px",
  },
  ".cm-foldPlaceholder": {
    backgroundColor: "var(--code-bg)",
    border: "1px solid var(--border)",
    color: "var(--muted)",
  },
});

/** Python colours; each tag's colour is a CSS variable with a light and a dark value. */
const pythonHighlight = HighlightStyle.define([
  {
    tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword],
    color: "var(--syn-keyword)",
  },
  { tag: [t.string, t.special(t.string)], color: "var(--syn-string)" },
  { tag: [t.number, t.bool, t.null], color: "var(--syn-number)" },
  { tag: [t.comment, t.lineComment], color: "var(--syn-comment)", fontStyle: "italic" },
  { tag: t.docString, color: "var(--syn-comment)" },
  {
    tag: [t.function(t.definition(t.variableName)), t.definition(t.className)],
    color: "var(--syn-def)",
    fontWeight: "600",
  },
  { tag: [t.meta, t.annotation], color: "var(--syn-decorator)" },
  { tag: [t.className, t.typeName], color: "var(--syn-type)" },
  { tag: [t.self, t.standard(t.variableName)], color: "var(--syn-builtin)" },
  { tag: [t.operator, t.punctuation, t.bracket], color: "var(--syn-punct)" },
  { tag: t.invalid, color: "var(--failed)" },
]);

export const highlighting: Extension = syntaxHighlighting(pythonHighlight);

const darkQuery = "(prefers-color-scheme: dark)";

/**
 * `EditorView.darkTheme` following the system's colour scheme: returns the extension and a
 * function that starts keeping `view` in step (call the returned stop function on unmount).
 */
export function colorScheme(): {
  extension: Extension;
  follow(view: EditorView): () => void;
} {
  const compartment = new Compartment();
  const media = typeof matchMedia === "function" ? matchMedia(darkQuery) : null;
  return {
    extension: compartment.of(EditorView.darkTheme.of(media?.matches ?? false)),
    follow(view) {
      if (!media) return () => {};
      const update = () =>
        view.dispatch({ effects: compartment.reconfigure(EditorView.darkTheme.of(media.matches)) });
      media.addEventListener("change", update);
      return () => media.removeEventListener("change", update);
    },
  };
}
