import { describe, expect, it } from "vitest";
import { BlockLayout, blockAt, estimateHeight, findText, defaultMetrics } from "./virtual";

/** `n` paragraphs whose estimate is exactly `h` px: one line each under these metrics. */
function uniform(n: number, h = 100): BlockLayout {
  return new BlockLayout(Array.from({ length: n }, () => ({ kind: "paragraph", chars: 10 })), { lineHeight: h, charsPerLine: 50, gap: 0 });
}

describe("BlockLayout", () => {
  it("estimates longer blocks taller, and never zero", () => {
    const short = estimateHeight({ kind: "paragraph", chars: 0 }, defaultMetrics);
    const long = estimateHeight({ kind: "paragraph", chars: 1000 }, defaultMetrics);
    expect(short).toBeGreaterThan(0);
    expect(long).toBeGreaterThan(short * 5);
  });

  it("renders only the blocks in and near the viewport for a scroll offset", () => {
    const l = uniform(1000);
    expect(l.total()).toBe(100_000);
    // Viewport 5,000–5,800 px, 300 px drawn beyond each side: blocks 47 to 61.
    expect(l.range(5000, 5800, 300)).toEqual({ from: 47, to: 62 });
    // At the very top and bottom the range stops at the ends.
    expect(l.range(0, 800, 300)).toEqual({ from: 0, to: 12 });
    expect(l.range(99_500, 100_300, 300)).toEqual({ from: 992, to: 1000 });
    expect(l.covers({ from: 47, to: 62 }, 5000, 5800)).toBe(true);
    expect(l.covers({ from: 47, to: 62 }, 6000, 6800)).toBe(false);
    expect(l.covers({ from: 990, to: 1000 }, 99_200, 120_000)).toBe(true);
  });

  it("finds the block at a height by the measured heights once known", () => {
    const l = uniform(10);
    expect(l.indexAt(250)).toBe(2);
    l.measure(0, 400);
    l.measure(1, 400);
    expect(l.top(2)).toBe(800);
    expect(l.indexAt(250)).toBe(0);
    expect(l.indexAt(850)).toBe(2);
    expect(l.indexAt(-5)).toBe(0);
    expect(l.indexAt(1e9)).toBe(9);
  });

  it("keeps the block at the top of the viewport still when measurements replace estimates", () => {
    const l = uniform(100);
    // The reader looks at block 50, 30 px into it.
    const a = l.anchorAt(5030);
    expect(a).toEqual({ index: 50, offset: 30 });
    // Blocks above it turn out taller than estimated, one below shorter.
    l.measure(48, 160);
    l.measure(49, 140);
    l.measure(51, 20);
    // The viewport must move down by the 100 px the blocks above grew, and no more.
    expect(l.scrollFor(a)).toBe(5130);
    expect(l.top(50)).toBe(5100);
  });

  it("scales the estimates of undrawn blocks by what measuring taught", () => {
    const l = uniform(10);
    l.measure(0, 150);
    l.measure(1, 150);
    l.recalibrate();
    expect(l.height(5)).toBe(150);
    expect(l.total()).toBe(1500);
    // A new width: every measurement is forgotten but the calibration stays.
    l.forgetMeasurements();
    expect(l.isMeasured(0)).toBe(false);
    expect(l.total()).toBe(1500);
  });

  it("reports whether a measurement changed anything", () => {
    const l = uniform(3);
    expect(l.measure(1, 100)).toBe(true);
    expect(l.measure(1, 100.2)).toBe(false);
    expect(l.measure(1, 120)).toBe(true);
    expect(l.measure(7, 120)).toBe(false);
  });
});

describe("blockAt", () => {
  it("finds the block holding a code point", () => {
    const starts = [0, 40, 90, 200];
    expect(blockAt(starts, 0)).toBe(0);
    expect(blockAt(starts, 39)).toBe(0);
    expect(blockAt(starts, 40)).toBe(1);
    expect(blockAt(starts, 150)).toBe(2);
    expect(blockAt(starts, 10_000)).toBe(3);
    expect(blockAt([], 5)).toBe(-1);
  });
});

describe("findText", () => {
  const blocks = [
    { start: 0, text: "The ministry said 42 people." },
    { start: 30, text: "Nothing here." },
    { start: 45, text: "🤣 The Ministry again, the ministry." },
  ];

  it("finds matches in any block, case-insensitively, in code points", () => {
    expect(findText(blocks, "ministry", 0)).toEqual({ start: 4, end: 12 });
    // After the first match: the next one is in the last block, after an emoji (one code point).
    expect(findText(blocks, "ministry", 5)).toEqual({ start: 45 + 6, end: 45 + 14 });
    expect(findText(blocks, "ministry", 52)).toEqual({ start: 45 + 26, end: 45 + 34 });
  });

  it("wraps around at the end, and backwards at the start", () => {
    expect(findText(blocks, "ministry", 72)).toEqual({ start: 4, end: 12 });
    expect(findText(blocks, "ministry", 4, true)).toEqual({ start: 71, end: 79 });
    expect(findText(blocks, "ministry", 71, true)).toEqual({ start: 51, end: 59 });
  });

  it("takes the query as text, not a pattern, and lets spaces match any white space", () => {
    expect(findText(blocks, "42 people.", 0)).toEqual({ start: 18, end: 28 });
    expect(findText(blocks, "said   42", 0)).toEqual({ start: 13, end: 20 });
    expect(findText(blocks, "(", 0)).toBeNull();
    expect(findText(blocks, "Hanoi", 0)).toBeNull();
    expect(findText(blocks, "  ", 0)).toBeNull();
  });
});
