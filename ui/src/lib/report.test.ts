import { describe, expect, it } from "vitest";
import { reportModel, webLink } from "./report";
import { StatusDefaults } from "./statuses";
import { claim } from "./test-fixtures";

describe("the verdict report", () => {
  const all = [
    claim("c3", 40, { status: "false" }),
    claim("c1", 0, { status: "verified" }),
    claim("c2", 20),
    claim("c4", 60, { status: "disputed", dismissed: true }),
    claim("c5", 80, { status: "verified", orphaned: true }),
  ];

  it("lists checked claims in text order, leaving out unchecked and dismissed ones", () => {
    const m = reportModel(all, StatusDefaults);
    expect(m.claims.map((c) => c.id)).toEqual(["c1", "c3"]);
    expect(m.uncheckedLeftOut).toBe(1);
    expect(m.live).toBe(3);
    expect(m.counts.map((c) => [c.status.key, c.count])).toEqual([
      ["unchecked", 1], ["verified", 1], ["disputed", 0], ["false", 1], ["unverifiable", 0],
    ]);
  });

  it("includes them when asked", () => {
    expect(reportModel(all, StatusDefaults, { unchecked: true, dismissed: true }).claims.map((c) => c.id)).toEqual(["c1", "c2", "c3", "c4"]);
  });

  it("links web addresses only", () => {
    expect(webLink(" https://a.org/x ")).toBe("https://a.org/x");
    expect(webLink("javascript:alert(1)")).toBeNull();
    expect(webLink("Archive box 12")).toBeNull();
  });
});
