import { describe, expect, it } from "vitest";
import {
  compareVersions,
  parseSpecifiers,
  parseVersion,
  publicVersion,
  satisfies,
} from "./versions";

const v = (text: string) => {
  const version = parseVersion(text);
  if (!version) throw new Error(`not a version: ${text}`);
  return version;
};
const meets = (version: string, specs: string) => {
  const parsed = parseSpecifiers(specs);
  if (typeof parsed === "string") throw new Error(parsed);
  return satisfies(v(version), parsed);
};

describe("versions (PEP 440 subset)", () => {
  it("reads versions and refuses what is not one", () => {
    expect(v("1.0").release).toEqual([1, 0]);
    expect(publicVersion(v("1.0-RC1"))).toBe("1.0rc1");
    expect(publicVersion(v("2!1.0.post2.dev3+local.1"))).toBe("2!1.0.post2.dev3");
    expect(parseVersion("one")).toBeNull();
    expect(parseVersion("1.0-")).toBeNull();
    expect(parseVersion("")).toBeNull();
  });

  it("orders dev < pre < release < post, trailing zeros equal", () => {
    const ordered = ["1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1", "1.1", "2!0.1"];
    for (let i = 1; i < ordered.length; i++) {
      expect(compareVersions(v(ordered[i - 1]!), v(ordered[i]!))).toBeLessThan(0);
    }
    expect(compareVersions(v("1.0"), v("1.0.0"))).toBe(0);
  });

  it("meets each operator", () => {
    expect(meets("1.4.2", "==1.4.2")).toBe(true);
    expect(meets("1.4.2", "==1.4.*")).toBe(true);
    expect(meets("1.5", "==1.4.*")).toBe(false);
    expect(meets("1.5", "!=1.4.*")).toBe(true);
    expect(meets("1.4", "!=1.4")).toBe(false);
    expect(meets("1.4.5", "~=1.4.2")).toBe(true);
    expect(meets("1.5", "~=1.4.2")).toBe(false);
    expect(meets("1.9", "~=1.4")).toBe(true);
    expect(meets("2.0", "~=1.4")).toBe(false);
    expect(meets("23.1", ">=23")).toBe(true);
    expect(meets("22.9", ">=23")).toBe(false);
    expect(meets("2.0", ">=1, <2")).toBe(false);
    expect(meets("1.9", ">=1, <2")).toBe(true);
    expect(meets("2.0rc1", "<2")).toBe(false);
    expect(meets("1.0.post1", ">1.0")).toBe(false);
    expect(meets("1.1", ">1.0")).toBe(true);
    expect(meets("1.0", "<=1.0")).toBe(true);
    expect(meets("1.0+abc", "==1.0")).toBe(true);
  });

  it("says what is wrong with a specifier", () => {
    expect(parseSpecifiers(">=1.0, <2")).toHaveLength(2);
    expect(parseSpecifiers("=>1")).toMatch(/not a version specifier/);
    expect(parseSpecifiers(">=one")).toMatch(/not a version/);
    expect(parseSpecifiers("~=1")).toMatch(/two numbers/);
    expect(parseSpecifiers(">=1.*")).toMatch(/only == and != take/);
  });
});
