import { describe, expect, it } from "vitest";
import { snapSelection } from "./selection";
import { findAll, matchesIn } from "./virtual";

const blocks = [
  { start: 0, text: "The bridge cost 4.2 million euros." },
  { start: 40, text: "Mayor Lena Ortiz said so." },
];
const text = (s: { start: number; end: number }) => {
  const b = blocks.find((x) => x.start <= s.start)!;
  return Array.from(b.text).slice(s.start - b.start, s.end - b.start).join("");
};

describe("a selection made into a claim", () => {
  it("snaps to whole words", () => {
    const s = snapSelection(blocks, 6, 13)!; // "idge co"
    expect(text(s)).toBe("bridge cost");
    expect(s.clipped).toBe(false);
  });

  it("is cut at the end of the paragraph it starts in", () => {
    const s = snapSelection(blocks, 16, 50)!;
    expect(text(s)).toBe("4.2 million euros.");
    expect(s.clipped).toBe(true);
  });

  it("drops spaces at the ends, and is nothing when only spaces were selected", () => {
    expect(text(snapSelection(blocks, 3, 11)!)).toBe("bridge");
    expect(snapSelection(blocks, 3, 4)).toBeNull();
  });
});

describe("Find in article", () => {
  it("finds every match, and those in a run", () => {
    const b = [{ start: 0, text: "Ortiz met Ortiz." }, { start: 20, text: "ORTIZ left" }];
    const all = findAll(b, "ortiz");
    expect(all).toEqual([{ start: 0, end: 5 }, { start: 10, end: 15 }, { start: 20, end: 25 }]);
    expect(matchesIn(all, 4, 21)).toEqual(all);
    expect(matchesIn(all, 5, 10)).toEqual([]);
    expect(matchesIn(all, 12, 13)).toEqual([{ start: 10, end: 15 }]);
  });
});
