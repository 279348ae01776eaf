import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { formatSize } from "../../format/size";
import type { MissingPackage, PackageRow } from "../../packages-list/rows";

const SOURCE_LABEL = {
  added: "added in this browser",
  site: "shipped with the site",
} as const;

/** The wheels flows can use, one row each; Delete on the ones added here. */
export function PackageList(props: { rows: PackageRow[]; onDelete: (row: PackageRow) => void }) {
  return (
    <ul class="package-list">
      <For each={props.rows}>
        {(row) => <PackageRowView row={row} onDelete={() => props.onDelete(row)} />}
      </For>
    </ul>
  );
}

function PackageRowView(props: { row: PackageRow; onDelete: () => void }) {
  return (
    <li class="package-row" data-testid="package-row" data-package={props.row.name}>
      <div class="package-head">
        <span class="package-name">{props.row.name}</span>
        <span class="package-version mono">{props.row.version}</span>
        <span class={`package-source source-${props.row.source}`} data-testid="package-source">
          {SOURCE_LABEL[props.row.source]}
        </span>
        <Show when={props.row.source === "added"}>
          <button
            type="button"
            class="danger package-delete"
            data-testid="package-delete"
            onClick={() => props.onDelete()}
          >
            Delete<span class="visually-hidden"> {props.row.name}</span>
          </button>
        </Show>
      </div>
      <div class="package-facts muted">
        <span class="mono" title={props.row.filename}>
          {props.row.tags}
        </span>
        <span>{formatSize(props.row.size)}</span>
        <NeededBy flows={props.row.neededBy} />
      </div>
      <Show when={props.row.replacesShipped}>
        <p class="package-note muted" data-testid="package-replaces">
          Used instead of <span class="mono">{props.row.replacesShipped}</span>, shipped with the
          site: an added wheel wins. Delete this one to use the shipped one.
        </p>
      </Show>
    </li>
  );
}

function NeededBy(props: { flows: string[] }) {
  return (
    <Show when={props.flows.length > 0} fallback={<span>no flow needs it</span>}>
      <span>
        needed by{" "}
        <For each={props.flows}>
          {(flow, i) => (
            <>
              {i() > 0 ? ", " : ""}
              <A href={`/flows/${encodeURIComponent(flow)}`}>{flow}</A>
            </>
          )}
        </For>
      </span>
    </Show>
  );
}

/** Packages flows declare that no wheel here provides: their plays fail before any code runs. */
export function MissingPackages(props: { missing: MissingPackage[] }) {
  return (
    <Show when={props.missing.length > 0}>
      <section class="packages-missing" aria-labelledby="packages-missing-title">
        <h2 id="packages-missing-title">Declared but not here</h2>
        <p class="muted">
          These flows would fail before running: add a wheel of each package (or one meeting the
          version they ask for).
        </p>
        <ul>
          <For each={props.missing}>
            {(item) => (
              <li data-testid="package-missing" data-package={item.name}>
                <span class="mono">{item.name}</span> <NeededBy flows={item.neededBy} />
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
