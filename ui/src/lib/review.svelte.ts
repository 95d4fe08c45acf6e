// The review screen's state: the open article, the selected claim, filters. Changes go to the
// backend first; the claim it returns replaces ours, so the window only shows what was saved.
import type { ArticleView } from "./bindings/ArticleView";
import type { ClaimCard } from "./bindings/ClaimCard";
import type { ClaimKind } from "./bindings/ClaimKind";
import type { StatusDef } from "./bindings/StatusDef";

export type SortOrder = "position" | "priority";

/** The status of a claim nobody has looked at yet. */
export const UNCHECKED = "unchecked";

/** One claim's current record, as its own signal: a highlight reads only its own claim. The
 * signal is made with its record (not set after): a 1 MB article has over ten thousand claims,
 * and setting each new signal once cost opening tens of milliseconds. */
class ClaimCell {
  value: ClaimCard;
  constructor(c: ClaimCard) {
    this.value = $state.raw(c);
  }
}

export class Review {
  /** The article as last loaded. Raw (not deeply reactive): a 1 MB article has tens of
   * thousands of runs, and proxying them made opening slow. Claims change through `claims`. */
  view: ArticleView | null = $state.raw(null);
  /** Every claim in text order, replaced as a whole array when one changes (for the list and
   * the counts); each claim also has its own cell for the article's highlights. */
  claims: ClaimCard[] = $state.raw([]);
  selectedId: string | null = $state(null);
  statusFilter: string[] = $state([]);
  kindFilter: ClaimKind[] = $state([]);
  showDismissed = $state(false);
  sort: SortOrder = $state("position");
  /** One more filter of the list, owned elsewhere (e.g. "checked before"); reactive inside. */
  extraFilter: ((c: ClaimCard) => boolean) | null = $state.raw(null);
  /** Claim ids whose last save is still in flight, so the UI can say "saving…". */
  saving: string[] = $state([]);

  /** Where each claim sits in `claims`, and its cell. Not reactive themselves: reading one
   * claim subscribes to that claim alone (thousands of highlights must not repaint on one
   * change). */
  private index = new Map<string, number>();
  private cells = new Map<string, ClaimCell>();
  statusByKey = $derived(new Map((this.view?.statuses ?? []).map((s) => [s.key, s])));

  /** The claims the list shows, filtered and sorted. */
  visible = $derived(this.filterAndSort(this.claims));

  /** Claims still in the article (not orphaned), dismissed ones included. */
  liveCount = $derived(this.claims.reduce((n, c) => (c.orphaned ? n : n + 1), 0));

  // Reads `claims` too: `load` replaces every cell, and the detail must show the new one
  // (after undo, the reloaded claim), not the cell it read before.
  selected = $derived(this.selectedId && this.claims ? (this.claim(this.selectedId) ?? null) : null);

  /** Counts per status of live claims (not dismissed, not orphaned), in status order. */
  progress = $derived(countByStatus(this.claims, this.view?.statuses ?? []));

  load(view: ArticleView): void {
    const index = new Map<string, number>();
    const cells = new Map<string, ClaimCell>();
    view.claims.forEach((c, i) => {
      index.set(c.id, i);
      cells.set(c.id, new ClaimCell(c));
    });
    this.index = index;
    this.cells = cells;
    // Claim ids are per article ("c5" is in every article): a selection is kept only when the
    // same article is loaded again (after a change), never carried into another article.
    const same = this.view?.article.id === view.article.id;
    const keep = same && this.selectedId && this.index.has(this.selectedId) ? this.selectedId : null;
    this.claims = view.claims;
    this.view = view;
    this.selectedId = keep;
  }

  close(): void {
    this.view = null;
    this.claims = [];
    this.index = new Map();
    this.cells = new Map();
    this.selectedId = null;
  }

  /** One claim by id, subscribing to that claim only. */
  claim(id: string): ClaimCard | undefined {
    return this.cells.get(id)?.value;
  }

  /** Puts the backend's copy of a claim in place of ours. */
  replace(claim: ClaimCard): void {
    if (!this.view) return;
    const i = this.index.get(claim.id);
    const claims = this.claims.slice();
    if (i !== undefined) claims[i] = claim;
    else {
      this.index.set(claim.id, claims.length);
      claims.push(claim);
    }
    const cell = this.cells.get(claim.id);
    if (cell) cell.value = claim;
    else this.cells.set(claim.id, new ClaimCell(claim));
    this.claims = claims;
  }

  select(id: string | null): void {
    this.selectedId = id;
  }

  /** Moves the selection `step` claims through the visible list (j/k). */
  step(step: number): string | null {
    const list = this.visible;
    if (list.length === 0) return null;
    const at = this.selectedId ? list.findIndex((c) => c.id === this.selectedId) : -1;
    const next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
    this.selectedId = list[next]?.id ?? null;
    return this.selectedId;
  }

  /** The id of the visible claim `step` places from the selected one, or null past an end. */
  neighbour(step: number): string | null {
    const list = this.visible;
    const at = this.selectedId ? list.findIndex((c) => c.id === this.selectedId) : -1;
    return at < 0 ? null : (list[at + step]?.id ?? null);
  }

  /** Selects the first (or last) visible claim (gg/Home, G/End). */
  jump(to: "first" | "last"): string | null {
    const list = this.visible;
    this.selectedId = (to === "first" ? list[0] : list[list.length - 1])?.id ?? this.selectedId;
    return list.length ? this.selectedId : null;
  }

  /** Selects the next (`dir` 1) or previous (-1) visible claim still unchecked, going round
   * the end of the list; null (selection unchanged) when no other claim is unchecked. */
  stepUnchecked(dir: 1 | -1): string | null {
    const list = this.visible;
    const n = list.length;
    if (n === 0) return null;
    const at = this.selectedId ? list.findIndex((c) => c.id === this.selectedId) : -1;
    const from = at < 0 ? (dir > 0 ? -1 : n) : at;
    for (let k = 1; k <= n; k++) {
      const c = list[(((from + dir * k) % n) + n) % n]!;
      if (c.id === this.selectedId) break;
      if (c.status === UNCHECKED) {
        this.selectedId = c.id;
        return c.id;
      }
    }
    return null;
  }

  toggleStatusFilter(key: string): void {
    const i = this.statusFilter.indexOf(key);
    if (i >= 0) this.statusFilter.splice(i, 1);
    else this.statusFilter.push(key);
  }

  toggleKindFilter(kind: ClaimKind): void {
    const i = this.kindFilter.indexOf(kind);
    if (i >= 0) this.kindFilter.splice(i, 1);
    else this.kindFilter.push(kind);
  }

  private filterAndSort(claims: ClaimCard[]): ClaimCard[] {
    const statuses = this.statusFilter.length ? new Set(this.statusFilter) : null;
    const kinds = this.kindFilter.length ? new Set(this.kindFilter) : null;
    const dismissed = this.showDismissed;
    const extra = this.extraFilter;
    const out = claims.filter(
      (c) =>
        !c.orphaned &&
        (dismissed || !c.dismissed) &&
        (!statuses || statuses.has(c.status)) &&
        (!kinds || c.kinds.some((k) => kinds.has(k))) &&
        (!extra || extra(c)),
    );
    if (this.sort === "priority") out.sort((a, b) => b.score - a.score || a.anchor.start - b.anchor.start);
    else if (!inTextOrder(out)) out.sort((a, b) => a.anchor.start - b.anchor.start);
    return out;
  }
}

/** The backend sends claims in text order; sorting them again would cost every change O(n log n). */
function inTextOrder(claims: ClaimCard[]): boolean {
  for (let i = 1; i < claims.length; i++) if (claims[i - 1]!.anchor.start > claims[i]!.anchor.start) return false;
  return true;
}

export type StatusCountView = { status: StatusDef; count: number };

export function countByStatus(claims: ClaimCard[], statuses: StatusDef[]): StatusCountView[] {
  const counts = new Map<string, number>();
  for (const c of claims) {
    if (c.dismissed || c.orphaned) continue;
    counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  }
  return statuses.map((status) => ({ status, count: counts.get(status.key) ?? 0 }));
}

/** Splits a run's text at code-point offsets (absolute), for underlining facts inside claims. */
export function splitAt(text: string, start: number, cuts: number[]): { text: string; start: number }[] {
  const chars = Array.from(text);
  const end = start + chars.length;
  const points = [...new Set(cuts.filter((c) => c > start && c < end))].sort((a, b) => a - b);
  const out: { text: string; start: number }[] = [];
  let from = start;
  for (const p of [...points, end]) {
    out.push({ text: chars.slice(from - start, p - start).join(""), start: from });
    from = p;
  }
  return out;
}
