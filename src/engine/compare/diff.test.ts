import { describe, expect, it } from "vitest";
import type { Span } from "../../db/records";
import { runBuilder } from "../../test-support/span-fixtures";
import { alignSpans, placeSpans } from "./diff";
import { sameJson } from "./diff-values";

/** `path change` per aligned place, the shortest way to read an alignment. */
const summary = (a: Span[], b: Span[]) => alignSpans(a, b).map((d) => `${d.path} ${d.change}`);

const failure = (message: string) => ({ type: "ValueError", message, traceback: "Traceback…" });

describe("placeSpans", () => {
  it("counts occurrences per parent and name, as the SDK does for step keys", () => {
    const run = runBuilder();
    run.add("r", null, "main");
    run.add("s1", "r", "fetch");
    run.add("g", "r", "group");
    run.add("s2", "g", "fetch");
    run.add("s3", "r", "fetch");
    run.add("s4", "g", "fetch"); // a span opened after its parent's later sibling still counts under it
    expect(placeSpans(run.spans).map((p) => `${p.path}@${p.depth}`)).toEqual([
      "main#0@0",
      "main#0/fetch#0@1",
      "main#0/group#0@1",
      "main#0/group#0/fetch#0@2",
      "main#0/fetch#1@1",
      "main#0/group#0/fetch#1@2",
    ]);
  });

  it("places spans by opening order, not by the order they are handed in", () => {
    const run = runBuilder();
    run.add("r", null, "main");
    run.add("x", "r", "step");
    run.add("y", "r", "step", { output: 2 });
    const places = placeSpans([...run.spans].reverse());
    expect(places.map((p) => [p.path, p.span.output])).toEqual([
      ["main#0", null],
      ["main#0/step#0", null],
      ["main#0/step#1", 2],
    ]);
  });
});

describe("alignSpans", () => {
  it("pairs same-named spans by occurrence and marks which differ", () => {
    const a = runBuilder("a");
    a.add("r", null, "main");
    a.add("a1", "r", "token", { output: "x1" });
    a.add("a2", "r", "token", { output: "same" });
    const b = runBuilder("b");
    b.add("R", null, "main");
    b.add("b1", "R", "token", { output: "x2" });
    b.add("b2", "R", "token", { output: "same" });
    const diff = alignSpans(a.spans, b.spans);
    expect(diff.map((d) => `${d.path} ${d.change} ${d.a?.sid}/${d.b?.sid}`)).toEqual([
      "main#0 same r/R",
      "main#0/token#0 changed a1/b1",
      "main#0/token#1 same a2/b2",
    ]);
    expect(diff[2]).toMatchObject({ name: "token", occurrence: 1, depth: 1 });
    expect(diff[1]).toMatchObject({
      name: "token",
      occurrence: 0,
      depth: 1,
      a: { output: "x1", status: "ok", replayed: false },
      b: { output: "x2", status: "ok", replayed: false },
    });
  });

  it("aligns nested spans under their own parents, not by name alone", () => {
    const a = runBuilder("a");
    a.add("r", null, "main");
    a.add("g1", "r", "group");
    a.add("s1", "g1", "fetch", { output: 1 });
    a.add("g2", "r", "group");
    a.add("s2", "g2", "fetch", { output: 2 });
    const b = runBuilder("b");
    b.add("r", null, "main");
    b.add("g1", "r", "group");
    b.add("s1", "g1", "fetch", { output: 1 });
    b.add("s1b", "g1", "fetch", { output: 9 });
    b.add("g2", "r", "group");
    b.add("s2", "g2", "fetch", { output: 2 });
    expect(summary(a.spans, b.spans)).toEqual([
      "main#0 same",
      "main#0/group#0 same",
      "main#0/group#0/fetch#0 same",
      "main#0/group#0/fetch#1 only_b",
      "main#0/group#1 same",
      "main#0/group#1/fetch#0 same",
    ]);
  });

  it("puts the places only one play has where that play has them", () => {
    const a = runBuilder("a");
    a.add("r", null, "main");
    a.add("x", "r", "first");
    a.add("only", "r", "gone");
    a.add("z", "r", "last");
    const b = runBuilder("b");
    b.add("r", null, "main");
    b.add("new", "r", "added");
    b.add("x", "r", "first");
    b.add("z", "r", "last");
    b.add("tail", "r", "extra");
    const diff = alignSpans(a.spans, b.spans);
    expect(diff.map((d) => `${d.path} ${d.change}`)).toEqual([
      "main#0 same",
      "main#0/added#0 only_b",
      "main#0/first#0 same",
      "main#0/gone#0 only_a",
      "main#0/last#0 same",
      "main#0/extra#0 only_b",
    ]);
    expect(diff[1]).toMatchObject({ a: null, b: { sid: "new" } });
    expect(diff[3]).toMatchObject({ a: { sid: "only" }, b: null });
  });

  it("keeps every place once when the shared ones come in another order", () => {
    const a = runBuilder("a");
    a.add("r", null, "main");
    a.add("p", "r", "p");
    a.add("q", "r", "q");
    const b = runBuilder("b");
    b.add("r", null, "main");
    b.add("q", "r", "q");
    b.add("n", "r", "n");
    b.add("p", "r", "p");
    expect(summary(a.spans, b.spans)).toEqual([
      "main#0 same",
      "main#0/p#0 same",
      "main#0/q#0 same",
      "main#0/n#0 only_b",
    ]);
  });

  it("marks a change of status, of error, or of output", () => {
    const a = runBuilder("a");
    a.add("r", null, "main");
    a.add("s", "r", "status", { status: "ok" });
    a.add("e", "r", "error", { status: "failed", error: failure("bad input") });
    a.add("t", "r", "traceback", { status: "failed", error: failure("same") });
    a.add("o", "r", "output", { output: { n: 1 } });
    const b = runBuilder("b");
    b.add("r", null, "main");
    b.add("s", "r", "status", { status: "cancelled" });
    b.add("e", "r", "error", { status: "failed", error: failure("other input") });
    b.add("t", "r", "traceback", {
      status: "failed",
      error: { ...failure("same"), traceback: "Traceback (line 12)…" },
    });
    b.add("o", "r", "output", { output: { n: 2 } });
    expect(summary(a.spans, b.spans)).toEqual([
      "main#0 same",
      "main#0/status#0 changed",
      "main#0/error#0 changed",
      "main#0/traceback#0 same",
      "main#0/output#0 changed",
    ]);
  });

  it("compares outputs as the texts Python wrote: 1 is not 1.0, big integers keep their digits", () => {
    const a = runBuilder("a");
    a.add("r", null, "main");
    a.add("f", "r", "float", { output: 1, output_json: "1.0" });
    a.add("i", "r", "int", { output: 1 });
    a.add("big", "r", "big", { output: 2 ** 53, output_json: "9007199254740993" });
    a.add("same-big", "r", "same_big", { output: 2 ** 53, output_json: "9007199254740993" });
    a.add("keys", "r", "keys", { output: { b: 1, a: 2 } });
    const b = runBuilder("b");
    b.add("r", null, "main");
    b.add("f", "r", "float", { output: 1 });
    b.add("i", "r", "int", { output: 1 });
    b.add("big", "r", "big", { output: 2 ** 53, output_json: "9007199254740992" });
    b.add("same-big", "r", "same_big", { output: 2 ** 53, output_json: "9007199254740993" });
    b.add("keys", "r", "keys", { output: { a: 2, b: 1 } });
    const diff = alignSpans(a.spans, b.spans);
    expect(diff.map((d) => `${d.path} ${d.change}`)).toEqual([
      "main#0 same",
      "main#0/float#0 changed",
      "main#0/int#0 same",
      "main#0/big#0 changed",
      "main#0/same_big#0 same",
      "main#0/keys#0 same",
    ]);
    expect(diff[1]).toMatchObject({ a: { output_json: "1.0" }, b: { output: 1 } });
    expect(diff[1]?.b).not.toHaveProperty("output_json");
  });

  it("takes a replayed span's value as its value: replayed and executed alike are the same", () => {
    const a = runBuilder("a");
    a.add("r", null, "main");
    a.add("s", "r", "fetch", { output: "tok", replayed: true, replayed_from_run: 1, run_no: 2 });
    a.add("t", "r", "fetch", { output: "new-a", run_no: 2 });
    const b = runBuilder("b");
    b.add("r", null, "main");
    b.add("s", "r", "fetch", { output: "tok" });
    b.add("t", "r", "fetch", { output: "new-b", replayed: true });
    const diff = alignSpans(a.spans, b.spans);
    expect(diff.map((d) => `${d.path} ${d.change}`)).toEqual([
      "main#0 same",
      "main#0/fetch#0 same",
      "main#0/fetch#1 changed",
    ]);
    expect(diff[1]).toMatchObject({ a: { replayed: true, run_no: 2 }, b: { replayed: false } });
  });

  it("finds two plays of different flows apart from their roots", () => {
    const a = runBuilder("a");
    a.add("r", null, "main");
    const b = runBuilder("b");
    b.add("r", null, "other");
    expect(summary(a.spans, b.spans)).toEqual(["main#0 only_a", "other#0 only_b"]);
    expect(summary([], b.spans)).toEqual(["other#0 only_b"]);
    expect(summary([], [])).toEqual([]);
  });

  it("keeps names with '/' or '#' in them apart from nesting", () => {
    const a = runBuilder("a");
    a.add("r", null, "main");
    a.add("x", "r", "g#0/s");
    const b = runBuilder("b");
    b.add("r", null, "main");
    b.add("g", "r", "g");
    b.add("s", "g", "s");
    expect(summary(a.spans, b.spans)).toEqual([
      "main#0 same",
      "main#0/g#0/s#0 only_a",
      "main#0/g#0 only_b",
      "main#0/g#0/s#0 only_b",
    ]);
  });
});

describe("sameJson", () => {
  it("tells apart what Python tells apart, and ignores key order and escaping", () => {
    expect(sameJson("1", "1.0")).toBe(false);
    expect(sameJson("-0.0", "0.0")).toBe(false);
    expect(sameJson("9007199254740993", "9007199254740992")).toBe(false);
    expect(sameJson('{"b":1,"a":[1,{"y":2,"x":3}]}', '{"a":[1,{"x":3,"y":2}],"b":1}')).toBe(true);
    expect(sameJson('{"a":[1,2]}', '{"a":[2,1]}')).toBe(false);
    expect(sameJson('"\\u00e9"', '"é"')).toBe(true);
    expect(sameJson('"a"', '"b"')).toBe(false);
    expect(sameJson("null", "null")).toBe(true);
    expect(sameJson('{"1":1,"b":2}', '{"b":2,"1":1}')).toBe(true);
  });
});
