import { MergeView } from "@codemirror/merge";
import { createEffect, onCleanup } from "solid-js";
import { pythonBase, readOnly } from "../../editor/setup";
import { colorScheme } from "../../editor/theme";
import "./editor.css";

/**
 * Two versions side by side, read-only, changed lines marked and long unchanged stretches
 * folded away. The element carries the view as `mergeView` for scripts and tests.
 */
export function DiffView(props: {
  before: string;
  after: string;
  beforeLabel: string;
  afterLabel: string;
}) {
  let host!: HTMLDivElement & { mergeView?: MergeView };

  createEffect(() => {
    const scheme = colorScheme();
    const side = (label: string, doc: string) => ({
      doc,
      extensions: [pythonBase(label), readOnly, scheme.extension],
    });
    const merge = new MergeView({
      a: side(props.beforeLabel, props.before),
      b: side(props.afterLabel, props.after),
      parent: host,
      gutter: true,
      collapseUnchanged: { margin: 3, minSize: 6 },
    });
    host.mergeView = merge;
    const stops = [scheme.follow(merge.a), scheme.follow(merge.b)];
    onCleanup(() => {
      for (const stop of stops) stop();
      merge.destroy();
    });
  });

  return (
    <div class="diff-view" data-testid="version-diff">
      <div class="diff-labels">
        <span>{props.beforeLabel}</span>
        <span>{props.afterLabel}</span>
      </div>
      <div class="diff-body" ref={host} />
    </div>
  );
}
