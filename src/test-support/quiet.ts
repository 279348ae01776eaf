/**
 * Let `ms` pass, for a check that something does NOT happen (a second run, a stray write, an
 * echo from another tab) when no event says "it will not happen now". Tests wait on conditions
 * everywhere else; each use names in `reason` what would have shown within `ms` had it happened,
 * so the bound is a stated assumption, not a guess at how long something takes.
 */
export async function quietFor(ms: number, reason: string): Promise<void> {
  if (!reason.trim()) throw new Error("quietFor: say what would have shown within the wait");
  await new Promise((resolve) => setTimeout(resolve, ms));
}
