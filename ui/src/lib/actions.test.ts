import { beforeEach, describe, expect, it, vi } from "vitest";
import { claim, view } from "./test-fixtures";

// The backend, as the window sees it: each call answers when the test says so.
type Pending = { args: unknown[]; resolve: (v: unknown) => void; reject: (e: unknown) => void };
const calls: Record<string, Pending[]> = {};
function backend(name: string) {
  return (...args: unknown[]) =>
    new Promise((resolve, reject) => {
      (calls[name] ??= []).push({ args, resolve, reject });
    });
}
vi.mock("./commands", () => ({
  commands: {
    setStatus: backend("setStatus"), articleView: backend("articleView"), setNote: backend("setNote"),
    undo: backend("undo"), redo: backend("redo"),
  },
}));

const { actions, review } = await import("./actions.svelte");
const { toasts } = await import("./toasts.svelte");


/** Lets queued promise callbacks run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("status changes", () => {
  beforeEach(() => {
    for (const k of Object.keys(calls)) delete calls[k];
    toasts.splice(0, toasts.length);
    review.load(view([claim("c1", 0), claim("c2", 20)]));
  });

  it("are shown at once and then replaced by the saved record", async () => {
    const done = actions.setStatus("c1", "verified");
    expect(review.claim("c1")?.status).toBe("verified");
    await settle();
    expect(calls.setStatus).toHaveLength(1);
    calls.setStatus![0]!.resolve(claim("c1", 0, { status: "verified", updated: "saved" }));
    expect(await done).toBe(true);
    expect(review.claim("c1")?.updated).toBe("saved");
    expect(toasts).toHaveLength(0);
  });

  it("that fail put the saved state back and tell the user", async () => {
    const done = actions.setStatus("c1", "disputed");
    expect(review.claim("c1")?.status).toBe("disputed");
    await settle();
    calls.setStatus![0]!.reject({ code: "store.io", message: "disk full" });
    await settle();
    // The window asks the backend what is saved and shows that.
    expect(calls.articleView).toHaveLength(1);
    calls.articleView![0]!.resolve(view([claim("c1", 0), claim("c2", 20)]));
    expect(await done).toBe(false);
    expect(review.claim("c1")?.status).toBe("unchecked");
    expect(toasts.at(-1)?.kind).toBe("error");
    expect(toasts.at(-1)?.text).toContain("disk full");
    expect(toasts.at(-1)?.text).toContain("Not saved");
  });

  it("are sent one after another, in the order they were made", async () => {
    const first = actions.setStatus("c1", "verified");
    const second = actions.setStatus("c1", "false");
    expect(review.claim("c1")?.status).toBe("false");
    await settle();
    // The second waits for the first to be saved.
    expect(calls.setStatus).toHaveLength(1);
    expect(calls.setStatus![0]!.args).toEqual(["a1", "c1", "verified"]);
    calls.setStatus![0]!.resolve(claim("c1", 0, { status: "verified" }));
    await settle();
    // The first's saved copy does not hide the second change, still on its way.
    expect(review.claim("c1")?.status).toBe("false");
    expect(calls.setStatus).toHaveLength(2);
    expect(calls.setStatus![1]!.args).toEqual(["a1", "c1", "false"]);
    calls.setStatus![1]!.resolve(claim("c1", 0, { status: "false" }));
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(review.claim("c1")?.status).toBe("false");
  });
});

describe("undo and redo", () => {
  beforeEach(() => {
    for (const k of Object.keys(calls)) delete calls[k];
    toasts.splice(0, toasts.length);
    review.load(view([claim("c1", 0), claim("c15", 20)]));
  });

  const change = { id: 9, at: "", who: "", action: "dismiss", article_id: "a9", claim_id: "c15", summary: "c15: dismissed", state: "undone" };

  it("say what was undone and redone, not the change as if just made", async () => {
    const u = actions.undo();
    await settle();
    calls.undo![0]!.resolve({ change, next_undo: null, next_redo: "c15: dismissed" });
    await u;
    expect(toasts.at(-1)?.text).toBe("Undone: c15: dismissed");
    const r = actions.redo();
    await settle();
    calls.redo![0]!.resolve({ change: { ...change, state: "done" }, next_undo: "c15: dismissed", next_redo: null });
    await r;
    expect(toasts.at(-1)?.text).toBe("Redone: c15: dismissed");
  });
});

describe("a note flushed after the article changed", () => {
  it("is saved to the article it was typed in, not the one now open", async () => {
    for (const k of Object.keys(calls)) delete calls[k];
    review.load(view([claim("c1", 0)], "a2"));
    const done = actions.saveNote("c1", "typed in a1", "a1");
    await settle();
    expect(calls.setNote![0]!.args).toEqual(["a1", "c1", "typed in a1"]);
    calls.setNote![0]!.resolve(claim("c1", 0, { note: "typed in a1" }));
    expect(await done).toBe(true);
    expect(review.claim("c1")?.note).toBe("");
  });
});
