import { describe, expect, it, vi } from "vitest";

// The channel is Tauri's; here it only has to hold the callback the job sets.
const channels: { onmessage: (p: unknown) => void }[] = [];
vi.mock("@tauri-apps/api/core", () => ({
  Channel: class {
    onmessage: (p: unknown) => void = () => {};
    constructor() {
      channels.push(this);
    }
  },
}));

const { advance, fileName, jobs, withProgress } = await import("./jobs.svelte");

describe("jobs", () => {
  it("lists a job while it runs, moves its bar forward only, and drops it when done", async () => {
    let finish: (v: string) => void = () => {};
    const running = withProgress("open", "/news/big article.txt", () => new Promise<string>((r) => (finish = r)));
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: "open", file: "big article.txt", stage: "reading", done: 0 });
    const ch = channels.at(-1);
    if (!ch) throw new Error("no channel was made");
    ch.onmessage({ stage: "analysing", stage_done: 0.5, done: 0.4 });
    expect(jobs[0]).toMatchObject({ stage: "analysing", done: 0.4 });
    ch.onmessage({ stage: "parsing", stage_done: 1, done: 0.2 }); // late, out of order
    expect(jobs[0]).toMatchObject({ stage: "analysing", done: 0.4 });
    finish("ok");
    expect(await running).toBe("ok");
    expect(jobs).toHaveLength(0);
  });

  it("drops a job that fails too", async () => {
    await expect(withProgress("export", "out.md", () => Promise.reject(new Error("disk full")))).rejects.toThrow("disk full");
    expect(jobs).toHaveLength(0);
  });

  it("keeps the fraction within 0–1 and names files on any platform", () => {
    const job = { id: 1, kind: "open" as const, file: "a", stage: "reading" as const, done: 0 };
    advance(job, { stage: "saving", stage_done: 1, done: 1.5 });
    expect(job.done).toBe(1);
    expect(fileName("C:\\news\\a.docx")).toBe("a.docx");
    expect(fileName("/tmp/x/")).toBe("x");
  });
});
