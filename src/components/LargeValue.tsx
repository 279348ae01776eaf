import { createMemo, createSignal, Show } from "solid-js";
import {
  PREVIEW_CHARS,
  previewJson,
  previewJsonText,
  previewText,
  TEXT_PREVIEW_CHARS,
} from "../format/json-preview";
import "./large-value.css";

interface ValueProps {
  /** A JSON value to pretty-print, or … */
  value?: unknown;
  /** … the same value as the JSON text Python wrote, shown as written when given (exact), or … */
  json?: string | undefined;
  /** … a text to show as it is (logs). */
  text?: string;
  /** File name for the download, without extension. */
  fileName: string;
  /** `data-testid` of the `<pre>`. */
  testId?: string;
}

/** A section of the span detail: a title over a `ValuePreview`. */
export function LargeValue(props: ValueProps & { title: string }) {
  return (
    <section data-testid={`span-${props.title}`}>
      <h3>{props.title}</h3>
      <ValuePreview {...props} />
    </section>
  );
}

/**
 * A JSON value or a text in a `<pre>`. A large one shows its first characters only, formatted
 * without the rest, with "Show all" and a download of the whole: drawing megabytes at once
 * would freeze the page.
 */
export function ValuePreview(props: ValueProps) {
  const [showAll, setShowAll] = createSignal(false);
  const isText = () => props.text !== undefined;
  const preview = createMemo(() => {
    if (isText()) return previewText(props.text ?? "");
    return props.json === undefined ? previewJson(props.value) : previewJsonText(props.json);
  });
  const limit = () => (isText() ? TEXT_PREVIEW_CHARS : PREVIEW_CHARS);
  const full = () => {
    if (isText()) return props.text ?? "";
    if (props.json !== undefined) return previewJsonText(props.json, Number.POSITIVE_INFINITY).text;
    return JSON.stringify(props.value, null, 2);
  };
  const download = () => {
    const type = isText() ? "text/plain" : "application/json";
    const url = URL.createObjectURL(new Blob([full()], { type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${props.fileName}.${isText() ? "txt" : "json"}`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <>
      {/* Megabytes of wrapped text take seconds to lay out; unwrapped, a fraction of that. */}
      <pre classList={{ "large-value-all": showAll() }} data-testid={props.testId}>
        {showAll() ? full() : preview().text}
      </pre>
      <Show when={preview().truncated}>
        <p class="large-value-bar" data-testid="value-truncated">
          <span class="muted">
            {showAll()
              ? "Showing all of it."
              : `Showing the first ${limit().toLocaleString("en-US")} characters.`}
          </span>
          <button
            type="button"
            class="link"
            data-testid="show-all"
            onClick={() => setShowAll(!showAll())}
          >
            {showAll() ? "Show less" : "Show all"}
          </button>
          <button type="button" class="link" data-testid="download-value" onClick={download}>
            Download
          </button>
        </p>
      </Show>
    </>
  );
}
