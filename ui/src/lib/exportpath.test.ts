import { describe, expect, it } from "vitest";
import { exportName, folderOf, inFolder, proposedPath, rememberFolder } from "./exportpath";

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe("where an export goes", () => {
  it("proposes nothing before the first export, so the window asks where", () => {
    expect(proposedPath("/shared/desk/story.txt", "md", memory())).toBe("");
  });

  it("never proposes the article's own folder, and later uses the last folder", () => {
    const store = memory();
    rememberFolder("/home/ana/Documents/checks/other.checked.md", store);
    const p = proposedPath("/shared/desk/story.txt", "csv", store);
    expect(p).toBe("/home/ana/Documents/checks/story.checked.csv");
    expect(p.startsWith("/shared/desk")).toBe(false);
  });

  it("names the file after the article", () => {
    expect(exportName("/a/b/Budget 2024.final.docx", "md")).toBe("Budget 2024.final.checked.md");
    expect(exportName("C:\\news\\story.html", "json")).toBe("story.checked.json");
    expect(exportName("", "md")).toBe("article.checked.md");
  });

  it("splits and joins folders of both kinds", () => {
    expect(folderOf("/x/y.md")).toBe("/x");
    expect(folderOf("/y.md")).toBe("/");
    expect(folderOf("y.md")).toBe("");
    expect(inFolder("C:\\Users\\ana", "s.md")).toBe("C:\\Users\\ana\\s.md");
    expect(inFolder("/", "s.md")).toBe("/s.md");
  });
});
