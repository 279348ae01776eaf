/**
 * The Python and platform of this app's Pyodide, as its `pyodide-lock.json` says (`info`); a
 * unit test (pyodide-tags.test.ts) checks them against the installed package, so an upgrade of
 * Pyodide cannot leave them behind. Kept here rather than imported: the lock file is large.
 */
export const PYODIDE_PYTHON = "3.14.2";
export const PYODIDE_ABI = "2026_0";
export const PYODIDE_PLATFORM = "emscripten_5_0_3";

const [major, minor] = PYODIDE_PYTHON.split(".").map(Number) as [number, number];

/** `cp314`: the tag of CPython built wheels for this Python. */
export const CPYTHON_TAG = `cp${major}${minor}`;

/**
 * The platform tags a wheel built for this Pyodide carries: `pyemscripten_2026_0_wasm32` is
 * what Pyodide's own distribution names its wheels (every one in its lock file), the others
 * are older spellings build tools still write.
 */
const PLATFORMS = new Set([
  `pyemscripten_${PYODIDE_ABI}_wasm32`,
  `pyodide_${PYODIDE_ABI}_wasm32`,
  `${PYODIDE_PLATFORM}_wasm32`,
]);

/**
 * Whether this Pyodide can load a wheel with these tags (each may be a `.`-joined set, PEP 425):
 * pure Python (`py3`, `py2.py3`, `py314`; abi `none`; platform `any`), or built for this Pyodide
 * (`cp314`, abi `cp314`, `abi3` or `none`, platform `pyemscripten_2026_0_wasm32`,
 * `pyodide_2026_0_wasm32` or `emscripten_5_0_3_wasm32`; an `abi3` wheel of an older CPython 3,
 * and `py3-none-` for this platform, too).
 */
export function loadableTags(python: string, abi: string, platform: string): boolean {
  const pythons = python.split(".");
  const abis = abi.split(".");
  const platforms = platform.split(".");
  const pure =
    platforms.includes("any") &&
    abis.includes("none") &&
    pythons.some((p) => p === "py3" || p === `py${major}${minor}` || p === `py${major}`);
  if (pure) return true;
  if (!platforms.some((p) => PLATFORMS.has(p))) return false;
  return pythons.some(
    (p) =>
      ((p === CPYTHON_TAG || p === `py${major}${minor}`) &&
        (abis.includes(CPYTHON_TAG) || abis.includes("abi3") || abis.includes("none"))) ||
      // Python code shipped for this platform only (py3-none-pyemscripten_…).
      ((p === "py3" || p === `py${major}`) && abis.includes("none")) ||
      (abis.includes("abi3") && olderCPython3(p)),
  );
}

function olderCPython3(tag: string): boolean {
  const m = /^cp3(\d+)$/.exec(tag);
  return !!m && Number(m[1]) <= minor;
}
