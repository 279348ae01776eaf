import { type Accessor, createEffect, on, onCleanup } from "solid-js";
import type { AnalyzeResult } from "../wire/records";
import type { SourceProblem } from "./diagnostics";

/** What Python's reading of a source says is wrong with it, or null when nothing is. */
export function analysisProblem(result: AnalyzeResult): SourceProblem | null {
  if (result.ok) return null;
  return { message: result.message, line: result.line, column: result.column };
}

/**
 * Check `source` with Python's own parser (the worker's `analyze`, nothing is executed) a
 * moment after the typing stops, and once Python is ready. `onResult` gets only answers for
 * the text still in the editor; a check that cannot run (Python failed) reports nothing, the
 * rail already says why.
 */
export function createSyntaxCheck(options: {
  source: Accessor<string | null>;
  ready: Accessor<boolean>;
  analyze: (source: string) => Promise<AnalyzeResult>;
  onResult: (problem: SourceProblem | null) => void;
  delayMs?: number;
}): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  createEffect(
    on([options.source, options.ready], ([text, ready]) => {
      clearTimeout(timer);
      if (text === null || !ready) return;
      timer = setTimeout(async () => {
        const mine = ++latest;
        try {
          const result = await options.analyze(text);
          if (mine === latest && options.source() === text)
            options.onResult(analysisProblem(result));
        } catch {
          // Python is unavailable: nothing to mark.
        }
      }, options.delayMs ?? 400);
    }),
  );
  onCleanup(() => clearTimeout(timer));
}
