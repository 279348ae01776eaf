import { createMemo, For } from "solid-js";

/**
 * A plain Python source editor: line numbers, Tab indents by four spaces, the line of a
 * syntax error marked. (CodeMirror replaces it with the library/editor work.)
 */
export function SourceEditor(props: {
  value: string;
  onInput: (value: string) => void;
  errorLine: number | null;
}) {
  let gutter: HTMLDivElement | undefined;
  const lines = createMemo(() => props.value.split("\n").length);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "Tab" || event.shiftKey) return;
    event.preventDefault();
    const area = event.currentTarget as HTMLTextAreaElement;
    const { selectionStart, selectionEnd, value } = area;
    area.value = `${value.slice(0, selectionStart)}    ${value.slice(selectionEnd)}`;
    area.selectionStart = area.selectionEnd = selectionStart + 4;
    props.onInput(area.value);
  }

  return (
    <div class="source-editor">
      <div class="gutter mono" ref={gutter} aria-hidden="true">
        <For each={Array.from({ length: lines() }, (_, i) => i + 1)}>
          {(n) => <div classList={{ "error-line": n === props.errorLine }}>{n}</div>}
        </For>
      </div>
      <textarea
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
