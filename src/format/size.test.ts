import { expect, it } from "vitest";
import { formatSize } from "./size";

it("formats a size in decimal units", () => {
  expect([0, 646, 999, 1000, 12_400, 3_100_000].map(formatSize)).toEqual([
    "0 B",
    "646 B",
    "999 B",
    "1.0 kB",
    "12.4 kB",
    "3.1 MB",
  ]);
});
