/**
 * Where a play's time goes: `performance` measures named `hero_logic:play:<phase>`, each with
 * the play's sid in its detail. `npm run bench` reads them to break `play_latency_ms` down, and
 * the devtools' performance panel shows them. One costs about a microsecond.
 */
export function measurePhase(
  phase: string,
  playSid: string,
  start: number,
  end = performance.now(),
): number {
  performance.measure(`hero_logic:play:${phase}`, { start, end, detail: { play: playSid } });
  return end;
}
