import { describe, expect, it, vi } from "vitest";
import { ERROR_MS, dismiss, libraryProblem, notify, showError, toasts } from "./toasts.svelte";
import { CommandError, toCommandError } from "./ipc";

describe("toasts", () => {
  it("keeps errors longer than notices, and lets both go", () => {
    vi.useFakeTimers();
    const err = notify("error", "broken.docx: the file is not a zip archive");
    const info = notify("info", "Saved");
    vi.advanceTimersByTime(5000);
    expect(toasts.map((t) => t.id)).toEqual([err]);
    vi.advanceTimersByTime(ERROR_MS);
    expect(toasts).toHaveLength(0);
    expect(info).toBeGreaterThan(err);
    const again = notify("error", "disk full");
    dismiss(again);
    expect(toasts).toHaveLength(0);
    vi.useRealTimers();
  });

  it("shows at most two at once, the newest", () => {
    const ids = ["one", "two", "three", "four"].map((t) => notify("info", t));
    expect(toasts.map((t) => t.id)).toEqual(ids.slice(2));
    toasts.splice(0, toasts.length);
  });

  it("never drops an error: a notice makes room, then errors share one toast", () => {
    notify("error", "a.txt: the file is empty");
    notify("info", "Saved");
    notify("error", "b.png: not a text document");
    expect(toasts.map((t) => t.kind)).toEqual(["error", "error"]);
    notify("error", "c.docx: the file is not a zip archive");
    expect(toasts).toHaveLength(2);
    const all = toasts.map((t) => t.text).join("\n");
    for (const f of ["a.txt", "b.png", "c.docx"]) expect(all).toContain(f);
    toasts.splice(0, toasts.length);
  });

  it("shows the backend's message, not an object dump", () => {
    showError(toCommandError({ code: "import.empty", message: "a.txt: the file is empty" }));
    expect(toasts.at(-1)?.text).toBe("a.txt: the file is empty");
    dismiss(toasts.at(-1)?.id ?? 0);
  });
});

describe("a damaged library", () => {
  it("becomes the library banner, not a toast", () => {
    const before = toasts.length;
    showError(toCommandError({ code: "library.corrupt", message: "/x/library.sqlite3: the library file is damaged" }));
    expect(toasts.length).toBe(before);
    expect(libraryProblem.message).toMatch(/damaged/);
    libraryProblem.message = null;
  });
});

describe("toCommandError", () => {
  it("keeps the backend's code", () => {
    const e = toCommandError({ code: "import.encoding", message: "x" });
    expect(e).toBeInstanceOf(CommandError);
    expect(e.code).toBe("import.encoding");
  });
  it("wraps plain strings from Tauri itself", () => {
    expect(toCommandError("command open_article not allowed").code).toBe("internal");
  });
});
