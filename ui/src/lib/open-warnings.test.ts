import { describe, expect, it, vi } from "vitest";
import { view } from "./test-fixtures";

// A PDF whose second page is a scan: the article opens, and the window says which page is missing.
vi.mock("@tauri-apps/api/core", () => ({
  Channel: class {
    onmessage: (p: unknown) => void = () => {};
  },
}));
const warning = "page without text (scanned or unreadable) was not imported: 2";
vi.mock("./commands", () => ({
  commands: {
    openArticle: () => Promise.resolve({ outcome: "new", report: null, warnings: [warning], view: view([]) }),
  },
}));

const { actions } = await import("./actions.svelte");
const { toasts } = await import("./toasts.svelte");

describe("opening a partly scanned PDF", () => {
  it("shows the article and keeps a notice naming the pages left out", async () => {
    vi.useFakeTimers();
    await actions.open("/reports/council.pdf");
    expect(toasts.map((t) => t.text)).toContain(warning);
    // It stays until closed: a notice timed out before it is read says nothing.
    vi.advanceTimersByTime(60_000);
    expect(toasts.map((t) => t.text)).toContain(warning);
    vi.useRealTimers();
  });
});
