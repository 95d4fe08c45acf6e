import { describe, expect, it } from "vitest";
import { checked } from "./checked.svelte";
import { keyAction, type KeyLike } from "./keys";
import { Review } from "./review.svelte";
import { claim, view } from "./test-fixtures";
import type { Match } from "./bindings/Match";

const press = (key: string): KeyLike => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target: null });

const earlier: Match = {
  id: "fc-1", score: 1, origin: "archive", claim: "Pigs fly.", rating: "False", url: null, level: "same",
  checked_by: "FC", checked_on: "2021-01-01", title: null, note: "", sources: [], similarity: 0.9,
};

describe("checked before", () => {
  it("key a adopts an earlier verdict on the review screen only", () => {
    expect(keyAction(press("a"), true)).toBe("adopt");
    expect(keyAction(press("a"), false)).toBeNull();
  });

  it("the list filter keeps only claims with earlier checks, when asked", () => {
    const r = new Review();
    r.extraFilter = checked.keep;
    r.load(view([claim("c1", 0), claim("c2", 20), claim("c3", 40)]));
    checked.byClaim = new Map([["c2", [earlier]]]);
    expect(r.visible.map((c) => c.id)).toEqual(["c1", "c2", "c3"]);
    checked.onlyMatched = true;
    expect(r.visible.map((c) => c.id)).toEqual(["c2"]);
    expect(checked.matches("c2")[0]?.rating).toBe("False");
    expect(checked.matches("c1")).toEqual([]);
    checked.onlyMatched = false;
    checked.clear();
  });
});
