/**
 * Card geometry, in CSS pixels. ELK needs every size before layout, so the sizes are computed
 * from what a card will show; span-graph.css draws the rows at exactly these heights.
 */
export const CARD = {
  width: 212,
  padding: 5,
  /** Status icon, kind glyph, name. */
  header: 20,
  /** Duration (right) and "↻ replayed" (left). */
  meta: 16,
  /** Counts of what hides below a closed node. */
  badges: 18,
  /** Where the span sits in the run's time. */
  timeline: 6,
} as const;

export interface CardRows {
  meta: boolean;
  badges: boolean;
  timeline: boolean;
}

/** Height of a card showing `rows` (the header is always there); borders included. */
export function cardHeight(rows: CardRows): number {
  return (
    2 * CARD.padding +
    2 +
    CARD.header +
    (rows.meta ? CARD.meta : 0) +
    (rows.badges ? CARD.badges : 0) +
    (rows.timeline ? CARD.timeline : 0)
  );
}
