import { liveQuery } from "dexie";
import { type Accessor, createEffect, createSignal, onCleanup } from "solid-js";

export interface Live<T> {
  value: Accessor<T | undefined>;
  error: Accessor<unknown>;
  loading: Accessor<boolean>;
}

/**
 * A Dexie live query as Solid signals: `query` re-runs whenever the data it read changes
 * (in this tab or another) and whenever the signals read by `source` change.
 */
export function createLive<S, T>(source: Accessor<S>, query: (source: S) => Promise<T>): Live<T> {
  const [value, setValue] = createSignal<T>();
  const [error, setError] = createSignal<unknown>(null);
  const [loading, setLoading] = createSignal(true);
  createEffect(() => {
    const input = source();
    setLoading(true);
    const subscription = liveQuery(() => query(input)).subscribe({
      next: (next) => {
        setError(null);
        setValue(() => next);
        setLoading(false);
      },
      error: (failure: unknown) => {
        setError(failure);
        setLoading(false);
      },
    });
    onCleanup(() => subscription.unsubscribe());
  });
  return { value, error, loading };
}
