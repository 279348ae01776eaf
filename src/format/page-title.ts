/**
 * The page title with the number of plays waiting for someone in front, as mail and chat tabs
 * show unread counts: `(2) hero_logic — …`. Without waiting plays, the bare title.
 */
export function titleWithWaiting(title: string, waiting: number): string {
  const bare = title.replace(/^\(\d+\) /, "");
  return waiting > 0 ? `(${waiting}) ${bare}` : bare;
}
