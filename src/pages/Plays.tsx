import { A, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { useHeroLogic } from "../components/engine-context";
import { PlaysFilterBar, type PlaysQuery, statusOf } from "../components/PlaysFilterBar";
import { ChosenPlaysActions } from "../components/plays/ChosenPlaysActions";
import { PlaysTable } from "../components/plays/PlaysTable";
import type { Play } from "../db/records";
import { describeDeletion } from "../plays-list/delete-plays";
import { createPlayChoice } from "../plays-list/play-choice";
import { isFiltering, type PlaysFilter, playMatches } from "../plays-list/plays-filter";
import { createLive } from "../reactive/live";

/** Every play, filtered by flow, status and text, to open, compare, export or delete. */
export function PlaysPage() {
  const api = useHeroLogic();
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
  const choice = createPlayChoice(plays.value, search.compare ? [search.compare] : []);
  return (
    <section class="page">
      <header class="page-header">
        <h1>Plays</h1>
        <PlaysFilterBar
          query={search}
          workflows={workflows.value() ?? []}
          onChange={(patch) => setSearch(patch, { replace: true })}
        />
        <ChosenPlaysActions
          choice={choice}
          onDeleted={(report) => {
            choice.choose(report.deleted, false);
            setDeletion({ text: describeDeletion(report), refused: report.refused.length > 0 });
          }}
        />
      </header>
      <p
        class="plays-delete-result"
        classList={{ notice: !deletion().refused, "notice-waiting": deletion().refused }}
        role="status"
        data-testid="delete-result"
      >
        {deletion().text}
      </p>
      <Show
        when={search.compare && choice.chosen().size === 1 && choice.chosen().has(search.compare)}
      >
        <p class="notice" role="status" data-testid="compare-hint">
          Choose the play to compare <span class="mono">{search.compare}</span> with, then{" "}
          <strong>Compare chosen</strong>.
        </p>
      </Show>
      <Show when={plays.value()?.length === 0}>
        <NoPlays
          filtering={isFiltering(filter())}
          onClear={() =>
            setSearch({ flow: undefined, status: undefined, q: undefined }, { replace: true })
          }
        />
      </Show>
      <Show when={(plays.value()?.length ?? 0) > 0}>
        <PlaysTable rows={rows} names={names()} choice={choice} />
      </Show>
    </section>
  );
}

/** An empty list: none match the filters (with a way out), or nothing was run yet. */
function NoPlays(props: { filtering: boolean; onClear: () => void }) {
  return (
    <div class="empty">
      <Show
        when={props.filtering}
        fallback={
          <p>
            No plays yet — open a flow in the <A href="/flows">library</A> and run it.
          </p>
        }
      >
        <p data-testid="no-match">
          No plays match these filters.{" "}
          <button type="button" class="link" data-testid="clear-filters" onClick={props.onClear}>
            Clear filters
          </button>
        </p>
      </Show>
    </div>
  );
}
