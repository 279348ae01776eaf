/**
 * What a thrown value says, for a message: an `Error`'s message, anything else as text. Both
 * the page and the worker quote what they caught, so it lives here where both may import it.
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
