import { A } from "@solidjs/router";
import { For, Show } from "solid-js";

/**
 * The packages a flow declares that no wheel in this browser meets, said before it runs: a play
 * of it fails before any of its code runs until their wheels are added here.
 */
export function MissingPackages(props: { missing: string[]; running?: boolean }) {
  return (
    <Show when={props.missing.length > 0}>
      <div class="missing-packages" role="note" data-testid="missing-packages">
        <p>
          <strong>
            {props.missing.length === 1
              ? "A package this flow needs is not in this browser:"
              : `${props.missing.length} packages this flow needs are not in this browser:`}
          </strong>{" "}
          <For each={props.missing}>
            {(name, i) => (
              <>
                {i() > 0 ? ", " : ""}
                <code data-testid="missing-package">{name}</code>
              </>
            )}
          </For>
        </p>
        <p>
          {props.running
            ? "A play started now fails before any of its code runs, naming the first one. "
            : "Its plays would fail before any of their code runs. "}
          {props.missing.length === 1 ? "Add its wheel" : "Add their wheels"} on the{" "}
          <A href="/packages">Packages</A> page (or with <code>heroLogic.packages.add</code>), or
          import a bundle that carries {props.missing.length === 1 ? "it" : "them"}.
        </p>
      </div>
    </Show>
  );
}
