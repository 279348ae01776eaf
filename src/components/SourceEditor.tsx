import { createEffect, createMemo, For } from "solid-js";

/**
 * A plain Python source editor: line numbers, Tab indents by four spaces, the line of a
 * syntax error marked, a line to show (a span's source line) selected and scrolled to.
 * (CodeMirror replaces it with the library/editor work.)
 */
export function SourceEditor(props: {
  value: string;
  onInput: (value: string) => void;
  errorLine: number | null;
  focusLine?: number | null;
}) {
  let gutter: HTMLDivElement | undefined;
  let area: HTMLTextAreaElement | undefined;
  const lines = createMemo(() => props.value.split("\n").length);

  createEffect(() => {
    const line = props.focusLine;
    if (!line || !area) return;
    const text = props.value.split("\n");
    const start = text.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    area.focus({ preventScroll: true });
    area.setSelectionRange(start, start + (text[line - 1]?.length ?? 0));
    const lineHeight = Number.parseFloat(getComputedStyle(area).lineHeight) || 18;
    area.scrollTop = Math.max(0, (line - 5) * lineHeight);
  });

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "Tab" || event.shiftKey) return;
    event.preventDefault();
    const target = event.currentTarget as HTMLTextAreaElement;
    const { selectionStart, selectionEnd, value } = target;
    target.value = `${value.slice(0, selectionStart)}    ${value.slice(selectionEnd)}`;
    target.selectionStart = target.selectionEnd = selectionStart + 4;
    props.onInput(target.value);
  }

  return (
    <div class="source-editor">
      <div class="gutter mono" ref={gutter} aria-hidden="true">
        <For each={Array.from({ length: lines() }, (_, i) => i + 1)}>
          {(n) => (
            <div
              classList={{
                "error-line": n === props.errorLine,
                "focus-line": n === props.focusLine,
              }}
            >
              {n}
            </div>
          )}
        </For>
      </div>
      <textarea
        ref={area}
        class="mono"
        data-testid="flow-source"
        aria-label="Flow source (Python)"
        spellcheck={false}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        onScroll={(e) => {
          if (gutter) gutter.scrollTop = e.currentTarget.scrollTop;
        }}
      />
    </div>
  );
}
