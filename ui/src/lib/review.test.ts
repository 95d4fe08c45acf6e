import { describe, expect, it } from "vitest";
import { Review, countByStatus, splitAt } from "./review.svelte";
import { StatusDefaults } from "./statuses";
import { claim, view } from "./test-fixtures";

describe("Review", () => {
  it("walks the visible claims with j/k and stops at the ends", () => {
    const r = new Review();
    r.load(view([claim("c2", 50), claim("c1", 0), claim("c3", 90)]));
    expect(r.step(1)).toBe("c1");
    expect(r.step(1)).toBe("c2");
    expect(r.step(1)).toBe("c3");
    expect(r.step(1)).toBe("c3");
    expect(r.step(-1)).toBe("c2");
  });

  it("hides dismissed and orphaned claims unless asked, and filters by status and kind", () => {
    const r = new Review();
    r.load(view([
      claim("c1", 0, { status: "disputed" }),
      claim("c2", 20, { dismissed: true }),
      claim("c3", 40, { orphaned: true }),
      claim("c4", 60, { kinds: ["quote"] }),
    ]));
    expect(r.visible.map((c) => c.id)).toEqual(["c1", "c4"]);
    r.showDismissed = true;
    expect(r.visible.map((c) => c.id)).toEqual(["c1", "c2", "c4"]);
    r.toggleStatusFilter("disputed");
    expect(r.visible.map((c) => c.id)).toEqual(["c1"]);
    r.toggleStatusFilter("disputed");
    r.toggleKindFilter("quote");
    expect(r.visible.map((c) => c.id)).toEqual(["c4"]);
  });

  it("sorts by priority, highest score first", () => {
    const r = new Review();
    r.load(view([claim("c1", 0, { score: 0.3 }), claim("c2", 10, { score: 0.9 }), claim("c3", 20, { score: 0.6 })]));
    r.sort = "priority";
    expect(r.visible.map((c) => c.id)).toEqual(["c2", "c3", "c1"]);
  });

  it("replaces a claim with the saved copy and keeps the selection across reloads", () => {
    const r = new Review();
    r.load(view([claim("c1", 0), claim("c2", 10)]));
    r.select("c2");
    r.replace(claim("c2", 10, { status: "verified" }));
    expect(r.selected?.status).toBe("verified");
    r.load(view([claim("c1", 0), claim("c2", 10, { status: "verified" })]));
    expect(r.selectedId).toBe("c2");
    r.load(view([claim("c1", 0)]));
    expect(r.selectedId).toBeNull();
  });
});

describe("Review across articles", () => {
  it("never carries a selection into another article, whose claims have the same ids", () => {
    const r = new Review();
    r.load(view([claim("c1", 0), claim("c2", 10), claim("c3", 20), claim("c4", 30), claim("c5", 40)], "a1"));
    for (let i = 0; i < 5; i++) r.step(1);
    expect(r.selectedId).toBe("c5");
    r.load(view([claim("c1", 0), claim("c5", 40, { note: "B's fifth" })], "a2"));
    expect(r.selectedId).toBeNull();
    expect(r.step(1)).toBe("c1");
  });
});

describe("Review moves", () => {
  const five = () => view([
    claim("c1", 0, { status: "verified" }), claim("c2", 10), claim("c3", 20, { status: "false" }),
    claim("c4", 30), claim("c5", 40, { status: "verified" }),
  ]);

  it("goes to the first and the last claim", () => {
    const r = new Review();
    r.load(five());
    r.select("c3");
    expect(r.jump("last")).toBe("c5");
    expect(r.jump("first")).toBe("c1");
  });

  it("finds the next and previous unchecked claim, round the ends", () => {
    const r = new Review();
    r.load(five());
    expect(r.stepUnchecked(1)).toBe("c2");
    expect(r.stepUnchecked(1)).toBe("c4");
    expect(r.stepUnchecked(1)).toBe("c2");
    expect(r.stepUnchecked(-1)).toBe("c4");
    r.replace(claim("c4", 30, { status: "verified" }));
    expect(r.stepUnchecked(1)).toBe("c2");
    r.replace(claim("c2", 10, { status: "disputed" }));
    expect(r.stepUnchecked(1)).toBeNull();
    expect(r.selectedId).toBe("c2");
  });
});

describe("Review with many claims", () => {
  it("replaces one claim without touching the others, and counts live claims", () => {
    const r = new Review();
    const claims = Array.from({ length: 5000 }, (_, i) => claim(`c${i}`, i * 20, i === 7 ? { orphaned: true } : {}));
    r.load(view(claims));
    expect(r.liveCount).toBe(4999);
    expect(r.visible.length).toBe(4999);
    const other = r.claim("c4000");
    r.replace(claim("c12", 240, { status: "false" }));
    expect(r.claim("c12")?.status).toBe("false");
    expect(r.claim("c4000")).toBe(other);
    expect(r.claims[12]?.status).toBe("false");
    expect(r.progress.find((p) => p.status.key === "false")?.count).toBe(1);
    // The list stays in text order, and the new manual claim lands in it by position.
    r.replace(claim("m1", 25, { origin: "manual" }));
    expect(r.visible.slice(0, 3).map((c) => c.id)).toEqual(["c0", "c1", "m1"]);
    expect(r.liveCount).toBe(5000);
  });
});

describe("countByStatus", () => {
  it("counts live claims per status in the statuses' order", () => {
    const counts = countByStatus(
      [claim("c1", 0, { status: "verified" }), claim("c2", 1, { status: "verified" }), claim("c3", 2, { dismissed: true }), claim("c4", 3)],
      StatusDefaults,
    );
    expect(counts.map((c) => [c.status.key, c.count])).toEqual([
      ["unchecked", 1], ["verified", 2], ["disputed", 0], ["false", 0], ["unverifiable", 0],
    ]);
  });
});

describe("splitAt", () => {
  it("cuts by code points, not UTF-16 units", () => {
    // "🤣" is one code point but two UTF-16 units.
    expect(splitAt("a🤣bc", 10, [12, 13])).toEqual([
      { text: "a🤣", start: 10 },
      { text: "b", start: 12 },
      { text: "c", start: 13 },
    ]);
  });
  it("ignores cuts outside the run", () => {
    expect(splitAt("abc", 5, [1, 5, 8, 100])).toEqual([{ text: "abc", start: 5 }]);
  });
});
