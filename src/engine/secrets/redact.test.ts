import { describe, expect, it } from "vitest";
import { createRng, type Rng, randomText } from "../../test-support/fuzz";
import type { RunOutcome } from "../../wire/records";
import { createRedactor, formsOf, mapStringLiterals, restoreSecrets } from "./redact";
import { redactBatch, redactOutcome } from "./redact-run";

const KEY = { name: "API_KEY", value: "sk-live-4f9a2c" };
const MARK = "«secret:API_KEY»";
const redactor = createRedactor([KEY]);

/** A span row as the SDK writes it (see `SpanRow`), with the given input, output, error, logs. */
function row(input: unknown, output: unknown, error: unknown, logs: string): string {
  const at = 1_700_000_000_000_000;
  const key = "a".repeat(64);
  return JSON.stringify([
    [
      "abcdefgh",
      null,
      0,
      "call",
      "step",
      "ok",
      at,
      at,
      input,
      output,
      error,
      logs,
      "demo.py",
      3,
      key,
      {},
      null,
    ],
  ]);
}

describe("redaction of what a run sends", () => {
  it("replaces a secret inside a JSON body, a print() log, a step output and an input", () => {
    const body = JSON.stringify({ auth: `Bearer ${KEY.value}`, q: "ducks" });
    const text = row({ body }, { token: KEY.value }, null, `using ${KEY.value}\n`);
    const redacted = redactor.json(text);
    expect(redacted).not.toContain(KEY.value);
    const [span] = JSON.parse(redacted);
    expect(JSON.parse(span[8].body)).toEqual({ auth: `Bearer ${MARK}`, q: "ducks" });
    expect(span[9]).toEqual({ token: MARK });
    expect(span[11]).toBe(`using ${MARK}\n`);
    // The rest of the row is untouched.
    expect(span.slice(0, 8)).toEqual(JSON.parse(text)[0].slice(0, 8));
  });

  it("replaces it in a traceback and an error message", () => {
    const error = {
      type: "Failed",
      message: `refused key ${KEY.value}`,
      traceback: `Traceback (most recent call last):\n  File "demo.py", line 4, in main\n    call("${KEY.value}")\nFailed: refused key ${KEY.value}`,
    };
    const [span] = JSON.parse(redactor.json(row(null, null, error, "")));
    expect(span[10].message).toBe(`refused key ${MARK}`);
    expect(span[10].traceback).not.toContain(KEY.value);
    expect(span[10].traceback).toContain(`call("${MARK}")`);
  });

  it("replaces the JSON-escaped forms of a value with quotes, backslashes and non-ASCII", () => {
    const odd = { name: "ODD", value: 'p"w\\d-ü\n' };
    const oddRedactor = createRedactor([odd]);
    const once = JSON.stringify({ v: odd.value });
    const twice = JSON.stringify({ body: once });
    const ascii = once.replace("ü", "\\u00fc");
    for (const text of [once, twice, ascii]) {
      const redacted = oddRedactor.json(text);
      expect(redacted).toContain("«secret:ODD»");
      for (const form of formsOf(odd.value)) expect(redacted).not.toContain(form);
      expect(() => JSON.parse(redacted)).not.toThrow();
    }
    expect(oddRedactor.text(`value: ${odd.value}`)).toBe("value: «secret:ODD»");
  });

  it("never breaks an escape: letters after a backslash escape are not the value", () => {
    const letters = createRedactor([{ name: "N", value: "nabc123" }]);
    const text = JSON.stringify({ log: "line\nabc123", other: "nabc123" });
    const redacted = letters.json(text);
    expect(JSON.parse(redacted)).toEqual({ log: "line\nabc123", other: "«secret:N»" });
  });

  it("leaves identifiers, field names and kinds alone, even for a short value", () => {
    const short = createRedactor([{ name: "S", value: "a" }]);
    const text = row("a cat", null, null, "");
    const [span] = JSON.parse(short.json(text));
    expect(span[0]).toBe("abcdefgh");
    expect(span[14]).toBe("a".repeat(64));
    expect(span[8]).toBe("«secret:S» c«secret:S»t");
    const ok = createRedactor([{ name: "S", value: "o" }]);
    expect(JSON.parse(ok.json(row(null, null, null, "")))[0][5]).toBe("ok");
  });

  it("replaces the longer of two secrets whole when one holds the other", () => {
    const both = createRedactor([
      { name: "SHORT", value: "abc123" },
      { name: "LONG", value: "abc123xyz" },
    ]);
    expect(both.text("abc123xyz and abc123")).toBe("«secret:LONG» and «secret:SHORT»");
  });

  it("redacts a batch's outputs and spawns, and the play's output, error and pause", () => {
    const batch = redactBatch(
      {
        spans: "[]",
        outputs: JSON.stringify({ ["b".repeat(64)]: { key: KEY.value } }),
        spawns: JSON.stringify([{ span_sid: "abcdefgh", request: { inputs: { k: KEY.value } } }]),
      },
      redactor,
    );
    expect(`${batch.outputs}${batch.spawns}`).not.toContain(KEY.value);
    const completed: RunOutcome = {
      status: "completed",
      output: { [KEY.value]: [KEY.value] },
      output_json: JSON.stringify({ [KEY.value]: [KEY.value] }),
      batches: 1,
      journal: "",
    };
    expect(JSON.stringify(redactOutcome(completed, redactor))).not.toContain(KEY.value);
    const error = { type: "Failed", message: KEY.value, traceback: KEY.value };
    const pause = { name: "p", key: "p", prompt: `use ${KEY.value}?`, fields: [] };
    const failed: RunOutcome = { status: "failed", error, pause, batches: 1, journal: "" };
    expect(JSON.stringify(redactOutcome(failed, redactor))).not.toContain(KEY.value);
  });

  it("with no secrets, gives back what it was given", () => {
    const none = createRedactor([]);
    const batch = { spans: row("x", "y", null, "z") };
    expect(redactBatch(batch, none)).toBe(batch);
  });
});

describe("restoring secrets for a replay", () => {
  it("puts the current value back where a mark stands, JSON-escaped", () => {
    const stored = JSON.stringify({ k: { header: `Bearer ${MARK}` } });
    expect(JSON.parse(restoreSecrets(stored, [KEY]))).toEqual({
      k: { header: `Bearer ${KEY.value}` },
    });
    const quoted = { name: "API_KEY", value: 'a"b' };
    expect(JSON.parse(restoreSecrets(stored, [quoted])).k.header).toBe('Bearer a"b');
    // A secret deleted since: the mark stays.
    expect(restoreSecrets(stored, [])).toBe(stored);
  });
});

describe("mapStringLiterals", () => {
  it("visits each literal's body, escapes included, and copies the rest", () => {
    const seen: string[] = [];
    const text = '{"a":["x\\"y",1,"\\\\"],"b":null}';
    expect(
      mapStringLiterals(text, (body) => {
        seen.push(body);
        return body;
      }),
    ).toBe(text);
    expect(seen).toEqual(["a", 'x\\"y', "\\\\", "b"]);
  });
});

describe("redaction of random JSON texts", () => {
  /** A random value whose strings hold the secret here and there, some as JSON bodies. */
  function valueWith(rng: Rng, secret: string, depth: number): unknown {
    const text = () => {
      const piece = () => randomText(rng, 6) + rng.pick(["", "\n", "\\", '"', "\t"]);
      const parts = [piece()];
      while (rng.next() < 0.5) parts.push(secret, piece());
      return parts.join("");
    };
    switch (depth > 0 ? rng.int(5) : rng.int(3)) {
      case 0:
        return text();
      case 1:
        return rng.int(1000);
      case 2:
        return JSON.stringify({ body: text() });
      case 3:
        return Array.from({ length: rng.int(4) }, () => valueWith(rng, secret, depth - 1));
      default:
        return Object.fromEntries(
          Array.from({ length: rng.int(4) }, () => [text(), valueWith(rng, secret, depth - 1)]),
        );
    }
  }

  it("stay valid JSON, hold no form of the value, and decode as the redacted value", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const rng = createRng(seed);
      // Starting with what follows a backslash in an escape, and often after one.
      const start = rng.pick(["n", "t", "u00", "\\", '"', "b", ""]);
      const secret = `${start}${randomText(rng, 10)}${rng.pick(["ü", "\n", "x"])}${randomText(rng, 6)}y`;
      if (secret.length < 4) continue;
      const fuzz = createRedactor([{ name: "FUZZ", value: secret }]);
      const value = valueWith(rng, secret, 3);
      const text = JSON.stringify(value);
      const redacted = fuzz.json(text);
      let decoded: unknown;
      expect(() => {
        decoded = JSON.parse(redacted);
      }, `seed ${seed}`).not.toThrow();
      for (const form of formsOf(secret)) expect(redacted, `seed ${seed}`).not.toContain(form);
      expect(decoded, `seed ${seed}`).toEqual(fuzz.value(value));
    }
  });
});
