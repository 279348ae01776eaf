import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { ExportButton, ImportBundleButton } from "../components/BundleControls";
import { DeleteChosenPlays } from "../components/DeleteChosenPlays";
import { useHeroLogic } from "../components/engine-context";
import { PlaysFilterBar, type PlaysQuery, statusOf } from "../components/PlaysFilterBar";
import { StatusBadge } from "../components/Status";
import type { Play } from "../db/records";
import { bundleFileName } from "../files/bundle-files";
import { absoluteTime, duration, relativeTime } from "../format/format";
import { describeDeletion } from "../plays-list/delete-plays";
import { isFiltering, type PlaysFilter, playMatches } from "../plays-list/plays-filter";
import { createLive } from "../reactive/live";

export function PlaysPage() {
  const api = useHeroLogic();
  const navigate = useNavigate();
  // `?compare=<sid>` (a play page's "Compare with…") comes with that play chosen; the filters
  // live in the URL too (`?flow=&status=&q=`), so a filtered list has a link.
  const [search, setSearch] = useSearchParams<{ compare?: string } & PlaysQuery>();
  const status = () => statusOf(search);
  const workflows = createLive(
    () => null,
    () => api.workflows.list(),
  );
  const names = createMemo(() => new Map((workflows.value() ?? []).map((w) => [w.sid, w.name])));
  const filter = createMemo<PlaysFilter>(() => ({
    // A flow name no flow has (deleted, renamed) matches no play.
    flow: search.flow
      ? ((workflows.value() ?? []).find((w) => w.name === search.flow)?.sid ?? "(none)")
      : "",
    status: status(),
    text: search.q ?? "",
  }));
  const listed = createLive(status, (s) => api.plays.list(s ? { status: s } : {}));
  const plays = { value: () => listed.value()?.filter((p) => playMatches(p, filter())) };
  // Every change of a play reads the list again: rows are kept by sid, so a play that moved
  // updates its own cells instead of the whole table being built anew.
  const [rows, setRows] = createStore<Play[]>([]);
  createEffect(() => setRows(reconcile(plays.value() ?? [], { key: "sid" })));
  const [deletion, setDeletion] = createSignal({ text: "", refused: false });
  // Plays chosen for export or comparison; a chosen play that left the list (filter, deletion)
  // is not exported.
  const [chosen, setChosen] = createSignal(new Set<string>(search.compare ? [search.compare] : []));
  const chosenShown = createMemo(() =>
    (plays.value() ?? []).map((p) => p.sid).filter((sid) => chosen().has(sid)),
  );
  // Two chosen plays compare, the older as A: what changed from it to the newer one.
  const comparePair = createMemo(() => {
    const pair = (plays.value() ?? []).filter((p) => chosen().has(p.sid));
    return pair.length === 2 ? [pair[1]!.sid, pair[0]!.sid] : null;
  });
  const allChosen = () =>
    (plays.value()?.length ?? 0) > 0 && chosenShown().length === plays.value()?.length;
  const choose = (sids: string[], on: boolean) => {
    const next = new Set(chosen());
    for (const sid of sids) {
      if (on) next.add(sid);
      else next.delete(sid);
    }
    setChosen(next);
  };
  return (
    <section class="page">
      <header class="page-header">
        <h1>Plays</h1>
        <PlaysFilterBar
          query={search}
          workflows={workflows.value() ?? []}
          onChange={(patch) => setSearch(patch, { replace: true })}
        />
        <div class="bundle-controls">
          <button
            type="button"
            data-testid="compare-plays"
            disabled={!comparePair()}
            title={comparePair() ? "Compare the two chosen plays" : "Choose two plays to compare"}
            onClick={() => {
              const pair = comparePair();
              if (pair) navigate(`/diff/${pair[0]}/${pair[1]}`);
            }}
          >
            {comparePair() ? "Compare chosen" : "Compare (choose two)"}
          </button>
          <ExportButton
            label={`Export chosen (${chosenShown().length})`}
            testid="export-plays"
            disabled={chosenShown().length === 0}
            selection={() => ({ plays: chosenShown() })}
            fileName={() =>
              bundleFileName(chosenShown().length === 1 ? `play-${chosenShown()[0]}` : "plays")
            }
          />
          <DeleteChosenPlays
            chosen={chosenShown()}
            onDone={(report) => {
              choose(report.deleted, false);
              setDeletion({
                text: describeDeletion(report),
                refused: report.refused.length > 0,
              });
            }}
          />
          <ImportBundleButton />
        </div>
      </header>
      <p
        class="plays-delete-result"
        classList={{ notice: !deletion().refused, "notice-waiting": deletion().refused }}
        role="status"
        data-testid="delete-result"
      >
        {deletion().text}
      </p>
      <Show when={search.compare && chosen().size === 1 && chosen().has(search.compare)}>
        <p class="notice" role="status" data-testid="compare-hint">
          Choose the play to compare <span class="mono">{search.compare}</span> with, then{" "}
          <strong>Compare chosen</strong>.
        </p>
      </Show>
      <Show when={plays.value()?.length === 0}>
        <div class="empty">
          <Show
            when={isFiltering(filter())}
            fallback={
              <p>
                No plays yet — open a flow in the <A href="/flows">library</A> and run it.
              </p>
            }
          >
            <p data-testid="no-match">
              No plays match these filters.{" "}
              <button
                type="button"
                class="link"
                data-testid="clear-filters"
                onClick={() =>
                  setSearch({ flow: undefined, status: undefined, q: undefined }, { replace: true })
                }
              >
                Clear filters
              </button>
            </p>
          </Show>
        </div>
      </Show>
      <Show when={(plays.value()?.length ?? 0) > 0}>
        <table class="table">
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label="Choose every play shown"
                  data-testid="choose-all-plays"
                  checked={allChosen()}
                  onChange={(e) =>
                    choose(
                      (plays.value() ?? []).map((p) => p.sid),
                      e.currentTarget.checked,
                    )
                  }
                />
              </th>
              <th>Status</th>
              <th>Workflow</th>
              <th>Play</th>
              <th>Started</th>
              <th class="num">Duration</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows}>
              {(play) => (
                <tr data-play-sid={play.sid}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Choose play ${play.sid}, to export, compare or delete`}
                      data-testid={`choose-play-${play.sid}`}
                      checked={chosen().has(play.sid)}
                      onChange={(e) => choose([play.sid], e.currentTarget.checked)}
                    />
                  </td>
                  <td>
                    <StatusBadge status={play.status} />
                  </td>
                  <td>
                    {names().get(play.workflow_sid) ?? "(deleted flow)"}
                    <Show when={play.parent_play_sid}>
                      {(parent) => (
                        <div class="muted">
                          ↳ child of{" "}
                          <A href={`/plays/${parent()}`} class="mono">
                            {parent()}
                          </A>
                        </div>
                      )}
                    </Show>
                  </td>
                  <td>
                    <A href={`/plays/${play.sid}`} class="mono">
                      {play.sid}
                    </A>
                    <Show when={play.imported_at}>
                      <span class="imported-tag" title="imported from a bundle: a read-only record">
                        imported
                      </span>
                    </Show>
                  </td>
                  <td>
                    <time title={absoluteTime(play.created_at)}>
                      {relativeTime(play.created_at)}
                    </time>
                  </td>
                  <td class="num">{duration(play.started_at, play.ended_at)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
