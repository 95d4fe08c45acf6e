import { describe, expect, it } from "vitest";
import { MIN_ARTICLE, MIN_SIDE, clampSide, defaultSide, saveShare, savedShare } from "./split";

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe("the split between article and claims", () => {
  it("uses half a wide screen for the claims, and a column on a narrow one", () => {
    expect(defaultSide(1920)).toBeGreaterThan(900);
    expect(defaultSide(1024)).toBe(420);
  });

  it("keeps both sides usable", () => {
    expect(clampSide(100, 1366)).toBe(MIN_SIDE);
    expect(clampSide(5000, 1366)).toBe(1366 - MIN_ARTICLE);
  });

  it("is remembered per window, as a share of its width", () => {
    const store = memory();
    expect(savedShare("main", store)).toBeNull();
    saveShare("main", 0.4, store);
    expect(savedShare("main", store)).toBeCloseTo(0.4);
    expect(savedShare("other", store)).toBeNull();
  });
});
