// "Checked before": the earlier checks of the open article's claims. Asked for in the
// background after the article shows (the window never waits for them), and again after a
// change that reloads the article.
import { commands } from "./commands";
import type { Match } from "./bindings/Match";
import type { ClaimCard } from "./bindings/ClaimCard";

class Checked {
  /** The article the matches are for. */
  article: string | null = $state(null);
  /** Claim id → its earlier checks, best first (only claims that have some). */
  byClaim: Map<string, Match[]> = $state.raw(new Map());
  /** The claim list shows only claims with earlier checks. */
  onlyMatched = $state(false);
  loading = $state(false);
  private seq = 0;

  /** Asks for the article's matches; an answer for an article no longer open is dropped. */
  async load(article: string): Promise<void> {
    const n = ++this.seq;
    if (this.article !== article) this.byClaim = new Map();
    this.article = article;
    this.loading = true;
    try {
      const list = await commands.articleMatches(article);
      if (n === this.seq) this.byClaim = new Map(list.map((c) => [c.claim_id, c.matches]));
    } catch {
      // Matching is a help, not the work: a failure leaves the claims as they are.
      if (n === this.seq) this.byClaim = new Map();
    } finally {
      if (n === this.seq) this.loading = false;
    }
  }

  clear(): void {
    this.seq++;
    this.article = null;
    this.byClaim = new Map();
  }

  matches(claim: string): Match[] {
    return this.byClaim.get(claim) ?? [];
  }

  /** The claim list's filter: claims with earlier checks, when asked for. */
  keep = (c: ClaimCard): boolean => !this.onlyMatched || this.byClaim.has(c.id);
}

export const checked = new Checked();

/** "2021-05-02T10:00:00.000Z" → "2021-05-02". */
export function day(s: string | null): string {
  return s ? s.slice(0, 10) : "";
}
