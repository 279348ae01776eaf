import { createSignal, createUniqueId, For, Show } from "solid-js";
import type { TraceFormat } from "../engine/trace/export";
import { bundleFileName, offerDownload } from "../files/bundle-files";
import { onDismiss } from "../reactive/dismiss";
import { messageOf } from "../wire/errors";
import { useHeroLogic } from "./engine-context";
import "./trace-export.css";

interface Choice {
  format: TraceFormat;
  label: string;
  hint: string;
  /** What the file name says it holds. */
  file: string;
}

const CHOICES: Choice[] = [
  {
    format: "chrome",
    label: "Perfetto / Chrome trace",
    hint: "Trace Event Format: open it in the Perfetto UI or chrome://tracing",
    file: "trace",
  },
  {
    format: "otlp",
    label: "OpenTelemetry (OTLP/JSON)",
    hint: "TracesData: for Jaeger, Grafana Tempo or an OpenTelemetry Collector",
    file: "otlp",
  },
];

/**
 * "Export trace ▾" on a play's page: the play and its child plays as a trace file in the
 * format a chosen tool reads (`heroLogic.exportTrace`). A failure shows beside the button.
 */
export function TraceExportMenu(props: { playSid: string }) {
  const api = useHeroLogic();
  const [open, setOpen] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  // The menu opens leftwards from the button's right edge, unless that would leave the screen
  // (a button near the left, as on a phone): then rightwards from its left edge.
  const [rightwards, setRightwards] = createSignal(false);
  const [room, setRoom] = createSignal<number | null>(null);
  const ids = createUniqueId();
  let anchor: HTMLSpanElement | undefined;
  let menu: HTMLDivElement | undefined;
  onDismiss(
    () => anchor,
    () => setOpen(false),
  );

  async function download(choice: Choice) {
    setOpen(false);
    setBusy(true);
    setError("");
    try {
      const trace = await api.exportTrace(props.playSid, { format: choice.format });
      const blob = new Blob([JSON.stringify(trace)], { type: "application/json" });
      offerDownload(blob, bundleFileName(`${choice.file}-${props.playSid}`));
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  // Arrow keys move between the items, as in any menu.
  const onMenuKey = (event: KeyboardEvent) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const items = [...(menu?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const step = event.key === "ArrowDown" ? 1 : -1;
    items[(at + step + items.length) % items.length]?.focus();
  };

  return (
    <span class="share-anchor trace-export" ref={anchor}>
      <button
        type="button"
        data-testid="export-trace"
        aria-haspopup="menu"
        aria-expanded={open()}
        disabled={busy()}
        onClick={(event) => {
          const box = event.currentTarget.getBoundingClientRect();
          const leftwardsRoom = box.right - 16;
          const rightwardsRoom = window.innerWidth - box.left - 16;
          const goRight = leftwardsRoom < Math.min(352, rightwardsRoom);
          setRightwards(goRight);
          setRoom(goRight ? rightwardsRoom : leftwardsRoom);
          setOpen(!open());
        }}
      >
        {busy() ? "Exporting…" : "Export trace ▾"}
      </button>
      <Show when={open()}>
        <div
          class="trace-export-menu"
          classList={{ rightwards: rightwards() }}
          style={room() === null ? undefined : { "max-width": `${room()}px` }}
          role="menu"
          aria-label="Export trace"
          ref={(element) => {
            menu = element;
            queueMicrotask(() => element.querySelector<HTMLButtonElement>("button")?.focus());
          }}
          onKeyDown={onMenuKey}
          // Tabbing out of the menu closes it, as leaving any menu does.
          onFocusOut={(event) => {
            if (!anchor?.contains(event.relatedTarget as Node | null)) setOpen(false);
          }}
        >
          <For each={CHOICES}>
            {(choice) => (
              <button
                type="button"
                role="menuitem"
                data-testid={`export-trace-${choice.format}`}
                aria-labelledby={`${ids}-${choice.format}-label`}
                aria-describedby={`${ids}-${choice.format}`}
                onClick={() => download(choice)}
              >
                <span class="trace-export-label" id={`${ids}-${choice.format}-label`}>
                  {choice.label}
                </span>
                <span class="trace-export-hint" id={`${ids}-${choice.format}`}>
                  {choice.hint}
                </span>
              </button>
            )}
          </For>
        </div>
      </Show>
      <Show when={error()}>
        <span class="field-error" role="alert">
          {error()}
        </span>
      </Show>
    </span>
  );
}
