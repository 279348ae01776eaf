import { createSignal, Show } from "solid-js";
import { bundleFileName } from "../files/bundle-files";
import { onDismiss } from "../reactive/dismiss";
import { messageOf } from "../wire/errors";
import { ExportButton } from "./BundleControls";
import { useHeroLogic } from "./engine-context";
import "./share.css";

/**
 * Share a flow by link: the link carries the flow's saved source in its hash. A click copies it
 * to the clipboard and shows it, selectable. A flow too large for a link is offered as a file.
 */
export function ShareButton(props: { name: string }) {
  const api = useHeroLogic();
  const [open, setOpen] = createSignal(false);
  const [url, setUrl] = createSignal("");
  const [error, setError] = createSignal("");
  const [copied, setCopied] = createSignal("");
  let field: HTMLInputElement | undefined;
  let anchor: HTMLSpanElement | undefined;

  async function share() {
    if (open()) {
      setOpen(false);
      return;
    }
    setError("");
    setCopied("");
    setUrl("");
    try {
      setUrl(api.shareUrl(props.name));
    } catch (failure) {
      setError(messageOf(failure));
    }
    setOpen(true);
    if (!url()) return;
    field?.select();
    try {
      await navigator.clipboard.writeText(url());
      setCopied("Link copied to the clipboard.");
    } catch {
      setCopied("The browser did not allow copying: select the link and copy it.");
    }
  }

  onDismiss(
    () => anchor,
    () => setOpen(false),
  );

  return (
    <span class="share-anchor" ref={anchor}>
      <button type="button" data-testid="share-flow" aria-expanded={open()} onClick={share}>
        Share
      </button>
      <Show when={open()}>
        <div class="share-popover" role="dialog" aria-label={`Share ${props.name}`}>
          <h2>Share {props.name}</h2>
          <Show
            when={url()}
            fallback={
              <>
                <p class="error-message" role="alert" data-testid="share-error">
                  {error()}
                </p>
                <div class="share-row">
                  <ExportButton
                    label="Export as a file"
                    class="primary"
                    testid="share-export"
                    selection={() => ({ workflows: [props.name] })}
                    fileName={() => bundleFileName(props.name)}
                  />
                </div>
              </>
            }
          >
            <input
              ref={field}
              class="share-url"
              data-testid="share-url"
              aria-label="Share link"
              readonly
              value={url()}
              onFocus={(e) => e.currentTarget.select()}
            />
            <p class="hint" role="status" data-testid="share-copied">
              {copied()}
            </p>
            <p class="hint">
              The link carries the <strong>saved</strong> source ({(url().length / 1024).toFixed(1)}{" "}
              KB), name and description; nothing is uploaded. Whoever opens it sees the code and
              chooses whether to add it to their library; it never runs on its own.
            </p>
          </Show>
        </div>
      </Show>
    </span>
  );
}
