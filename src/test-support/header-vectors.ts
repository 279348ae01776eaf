/**
 * PEP 723 headers a flow's save refuses, with the line and words the refusal names: read by
 * the one header reader's tests and by the save's (analysis through the pool), so both sides
 * are held to the same cases.
 */
export const BAD_HEADERS: [header: string, line: number, says: string][] = [
  ['# /// script\n# dependencies = ["a",,]\n# ///', 3, "not valid TOML"],
  ['# /// script\n# dependencies = "a"\n# ///', 3, "must be a list of strings"],
  ["# /// script\n# dependencies = [1]\n# ///", 3, "must be a list of strings"],
  ['# /// script\n# dependencies = ["a"]', 2, "not closed"],
  // Two headers read as one block (PEP 723's expression is greedy), whose "# ///" is not TOML.
  ['# /// script\n# dependencies = ["a"]\n# ///\n# /// script\n# ///', 4, "not valid TOML"],
  [
    '# /// script\n# dependencies = ["a"]\n# ///\nx = 1\n# /// script\n# dependencies = []\n# ///',
    6,
    "a second '# /// script' header",
  ],
];
