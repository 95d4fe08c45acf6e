import { beforeEach, describe, expect, it, vi } from "vitest";
import { claim, view } from "./test-fixtures";

// Opening an article is one call: the answer holds the article's view, so the window never
// asks for it again (`articleView` is only for showing an article again after a change).
vi.mock("@tauri-apps/api/core", () => ({
  Channel: class {
    onmessage: (p: unknown) => void = () => {};
  },
}));
const calls: string[] = [];
const report = { moved: ["c1"], needs_recheck: [], orphaned: [], added: [] };
let outcome: "new" | "revised" = "new";
let file: "unchanged" | "changed" | "missing" = "unchanged";
vi.mock("./commands", () => ({
  commands: {
    openArticle: (path: string) => {
      calls.push(`openArticle ${path}`);
      return Promise.resolve({ outcome, report: outcome === "revised" ? report : null, warnings: [], view: view([claim("c1", 0), claim("c2", 20)], "a7") });
    },
    openFromLibrary: (article: string) => {
      calls.push(`openFromLibrary ${article}`);
      return Promise.resolve({ file, view: view([claim("c1", 0), claim("c3", 40)], article) });
    },
    articleView: (article: string) => {
      calls.push(`articleView ${article}`);
      return Promise.resolve(view([], article));
    },
  },
}));

const { actions, review } = await import("./actions.svelte");
const { toasts } = await import("./toasts.svelte");

describe("opening an article", () => {
  beforeEach(() => {
    calls.length = 0;
    toasts.splice(0, toasts.length);
    review.close();
    outcome = "new";
    file = "unchanged";
  });

  it("from a file is one call that shows the view it answers with", async () => {
    await actions.open("/news/budget.md");
    expect(calls).toEqual(["openArticle /news/budget.md"]);
    expect(review.view?.article.id).toBe("a7");
    expect(review.claims.map((c) => c.id)).toEqual(["c1", "c2"]);
    expect(review.selectedId).toBe("c1");
    expect(actions.lastReport).toBeNull();
  });

  it("from a changed file shows the re-import report", async () => {
    outcome = "revised";
    await actions.open("/news/budget.md");
    expect(calls).toEqual(["openArticle /news/budget.md"]);
    expect(actions.lastReport).toEqual(report);
  });

  it("from the library is one call, and says when its file changed or is missing", async () => {
    await actions.show("a3", "c3");
    expect(calls).toEqual(["openFromLibrary a3"]);
    expect(review.view?.article.id).toBe("a3");
    expect(review.selectedId).toBe("c3");
    expect(actions.changedOnDisk).toBe(false);
    file = "changed";
    await actions.show("a3");
    expect(actions.changedOnDisk).toBe(true);
    file = "missing";
    await actions.show("a3");
    expect(toasts.at(-1)?.text).toContain("/x.txt is missing");
    expect(calls.filter((c) => c.startsWith("articleView"))).toEqual([]);
  });
});
