// Claim and article-view fixtures shared by the UI's unit tests.
import { StatusDefaults } from "./statuses";
import type { ArticleView } from "./bindings/ArticleView";
import type { ClaimCard } from "./bindings/ClaimCard";

export function claim(id: string, start: number, over: Partial<ClaimCard> = {}): ClaimCard {
  return {
    id, origin: "automatic", kinds: ["number"], score: 0.5, reasons: [], facts: [], status: "unchecked",
    note: "", sources: [], dismissed: false, needs_recheck: false, orphaned: false, updated: "",
    anchor: { start, end: start + 10, quote: `claim ${id}` },
    ...over,
  };
}

export function view(claims: ClaimCard[], article = "a1"): ArticleView {
  return {
    article: { id: article, path: "/x.txt", title: "T", format: "text", byline: null, published: null, url: null, revisions: 1, created: "", updated: "", claims: claims.length, counts: [], orphaned: 0, needs_recheck: 0, dismissed: 0 },
    revision: 1, blocks: [], claims, statuses: StatusDefaults,
  };
}
