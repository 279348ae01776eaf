import type { RuntimeStatus } from "../engine/run/python-host";

/** The steps of Python's start, as the progress indicator lists them. */
export const BOOT_STEPS = ["Download", "Start Python", "Load the SDK"] as const;

/** What the progress indicator says while Python starts: which step, and how far it is. */
export interface BootProgressView {
  /** Index into `BOOT_STEPS`. */
  step: number;
  text: string;
  /** 0..1 where the bytes are known; null: no measure (an indeterminate bar). */
  fraction: number | null;
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

export function bootProgressView(status: RuntimeStatus): BootProgressView {
  switch (status.stage) {
    case "downloading-snapshot": {
      const { received = 0, expected = null } = status.progress ?? {};
      if (!expected) {
        return { step: 0, text: `Downloading Python: ${megabytes(received)} MB`, fraction: null };
      }
      return {
        step: 0,
        text: `Downloading Python: ${megabytes(received)} of ${megabytes(expected)} MB`,
        fraction: Math.min(1, received / expected),
      };
    }
    case "loading-runtime":
      return { step: 1, text: "Starting the Python runtime", fraction: null };
    case "installing-sdk":
    case "isolating":
    case "ready":
      return { step: 2, text: "Loading the hero_logic SDK", fraction: null };
    default:
      return { step: 0, text: "Fetching Python", fraction: null };
  }
}
