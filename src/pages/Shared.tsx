import { A, useParams } from "@solidjs/router";
import { createMemo, Show } from "solid-js";
import { useHeroLogic } from "../components/engine-context";
import "../components/share.css";
import { SharedFlowView } from "../components/shared/SharedFlowView";
import { messageOf } from "../wire/errors";

/**
 * A flow someone shared by link (`#/share/<payload>`): its source, read-only, and a button to
 * add it to the library. Nothing here runs the flow: it is only saved (its inputs are read with
 * Python's `ast`) when the person clicks, and runs only when they start it later.
 */
export function SharedPage() {
  const params = useParams<{ payload: string }>();
  const api = useHeroLogic();
  const decoded = createMemo(() => {
    try {
      return { flow: api.readShareUrl(params.payload ?? "") };
    } catch (failure) {
      return { error: messageOf(failure) };
    }
  });
  return (
    <section class="page">
      <Show
        when={decoded().flow}
        keyed
        fallback={
          <>
            <h1>This share link cannot be opened</h1>
            <p class="error-box" role="alert" data-testid="share-error">
              {decoded().error}
            </p>
            <p>
              Nothing was added to your library. Go to the <A href="/flows">library</A>.
            </p>
          </>
        }
      >
        {(flow) => <SharedFlowView flow={flow} />}
      </Show>
    </section>
  );
}
