/**
 * Card geometry, in CSS pixels. ELK needs every size before layout, so the sizes are computed
 * from what a card will show; span-graph.css draws the rows at exactly these heights.
 */
export const CARD = {
  width: 212,
  padding: 5,
  /** Status icon, kind glyph, name. */
  header: 20,
  /** A child play's inputs, under the name of the span that starts or waits for it. */
  childLabel: 16,
  /** Duration (right) and "↻ replayed" (left). */
  meta: 16,
  /** Counts of what hides below a closed node. */
  badges: 18,
  /** Where the span sits in the run's time. */
  timeline: 6,
} as const;

export interface CardRows {
  childLabel: boolean;
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
    (rows.childLabel ? CARD.childLabel : 0) +
    (rows.meta ? CARD.meta : 0) +
    (rows.badges ? CARD.badges : 0) +
    (rows.timeline ? CARD.timeline : 0)
  );
}

/** The widest a card grows to show its name, count and durations whole. */
export const MAX_CARD_WIDTH = 320;
/**
 * Rough advances, in CSS pixels: a character of the name (12 px monospace), of the meta row
 * (11 px proportional digits and letters), of a child's label (11 px monospace), and what a
 * row holds besides its text (borders, paddings, the status icon, the kind glyph, the toggle,
 * the gaps between them).
 */
const NAME_CHAR = 7.3;
const META_CHAR = 6.3;
const LABEL_CHAR = 6.7;
const HEADER_CHROME = 92;
const META_CHROME = 24;
const REPLAYED_MARK = 66;

/** What a card shows on its text rows, for its width. */
export interface CardTexts {
  /** The name, with a group's count (" ×8"), which is never cut. */
  header: string;
  /** A child play's inputs (at most 48 characters); empty on other cards. */
  childLabel: string;
  /** The duration text; empty when the card shows none. */
  meta: string;
  replayed: boolean;
}

/**
 * A card's width: wide enough for its header and its durations when they fit under
 * `MAX_CARD_WIDTH`, never narrower than `CARD.width`. A longer name or child label ends in an
 * ellipsis; a group's count and the durations are short enough never to.
 */
export function cardWidth(texts: CardTexts): number {
  const header = HEADER_CHROME + texts.header.length * NAME_CHAR;
  const meta = META_CHROME + (texts.replayed ? REPLAYED_MARK : 0) + texts.meta.length * META_CHAR;
  const label = META_CHROME + texts.childLabel.length * LABEL_CHAR;
  return Math.round(Math.min(MAX_CARD_WIDTH, Math.max(CARD.width, header, meta, label)));
}
