import { type Accessor, createEffect, on, onCleanup } from "solid-js";
import type { LintFinding } from "../lint/findings";

/**
 * Lint `source` (Ruff, in its own worker) a moment after the typing stops. `onResult` gets only
 * findings for the text still in the editor; a lint that cannot run calls `onUnavailable` once
 * per failure, and typing and saving go on as before.
 */
export function createLintCheck(options: {
  source: Accessor<string | null>;
  lint: (source: string) => Promise<LintFinding[]>;
  onResult: (findings: LintFinding[]) => void;
  onUnavailable: () => void;
  delayMs?: number;
}): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  createEffect(
    on(options.source, (text) => {
      clearTimeout(timer);
      if (text === null) return;
      timer = setTimeout(async () => {
        const mine = ++latest;
        try {
          const findings = await options.lint(text);
          if (mine === latest && options.source() === text) options.onResult(findings);
        } catch {
          if (mine === latest) options.onUnavailable();
        }
      }, options.delayMs ?? 400);
    }),
  );
  onCleanup(() => clearTimeout(timer));
}
