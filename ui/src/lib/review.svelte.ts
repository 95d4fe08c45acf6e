// The review screen's state: the open article, the selected claim, filters. Changes go to the
// backend first; the claim it returns replaces ours, so the window only shows what was saved.
import type { ArticleView } from "./bindings/ArticleView";
import type { ClaimRecord } from "./bindings/ClaimRecord";
import type { ClaimKind } from "./bindings/ClaimKind";
import type { StatusDef } from "./bindings/StatusDef";

export type SortOrder = "position" | "priority";

export class Review {
  view: ArticleView | null = $state(null);
  selectedId: string | null = $state(null);
  statusFilter: string[] = $state([]);
  kindFilter: ClaimKind[] = $state([]);
  showDismissed = $state(false);
  sort: SortOrder = $state("position");
  /** Claim ids whose last save is still in flight, so the UI can say "saving…". */
  saving: string[] = $state([]);

  claimsById = $derived(new Map((this.view?.claims ?? []).map((c) => [c.id, c])));
  /** Where each claim sits in `view.claims`; not reactive, so reading one claim through it
   * subscribes to that claim alone (thousands of highlights must not repaint on one change). */
  private index = new Map<string, number>();
  statusByKey = $derived(new Map((this.view?.statuses ?? []).map((s) => [s.key, s])));

  /** The claims the list shows, filtered and sorted. */
  visible = $derived(this.filterAndSort(this.view?.claims ?? []));

  selected = $derived(this.selectedId ? (this.claimsById.get(this.selectedId) ?? null) : null);

  /** Counts per status of live claims (not dismissed, not orphaned), in status order. */
  progress = $derived(countByStatus(this.view?.claims ?? [], this.view?.statuses ?? []));

  load(view: ArticleView): void {
    this.index = new Map(view.claims.map((c, i) => [c.id, i]));
    const keep = this.selectedId && view.claims.some((c) => c.id === this.selectedId) ? this.selectedId : null;
    this.view = view;
    this.selectedId = keep;
  }

  close(): void {
    this.view = null;
    this.selectedId = null;
  }

  /** One claim by id, subscribing to that claim only. */
  claim(id: string): ClaimRecord | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.view?.claims[i];
  }

  /** Puts the backend's copy of a claim in place of ours. */
  replace(claim: ClaimRecord): void {
    if (!this.view) return;
    const i = this.index.get(claim.id);
    if (i !== undefined) this.view.claims[i] = claim;
    else {
      this.index.set(claim.id, this.view.claims.length);
      this.view.claims.push(claim);
    }
  }

  select(id: string | null): void {
    this.selectedId = id;
  }

  /** Moves the selection `step` claims through the visible list (j/k). */
  step(step: number): string | null {
    const list = this.visible;
    if (list.length === 0) return null;
    const at = list.findIndex((c) => c.id === this.selectedId);
    const next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
    this.selectedId = list[next]?.id ?? null;
    return this.selectedId;
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

  private filterAndSort(claims: ClaimRecord[]): ClaimRecord[] {
    const out = claims.filter(
      (c) =>
        !c.orphaned &&
        (this.showDismissed || !c.dismissed) &&
        (this.statusFilter.length === 0 || this.statusFilter.includes(c.status)) &&
        (this.kindFilter.length === 0 || c.kinds.some((k) => this.kindFilter.includes(k))),
    );
    if (this.sort === "priority") out.sort((a, b) => b.score - a.score || a.anchor.start - b.anchor.start);
    else out.sort((a, b) => a.anchor.start - b.anchor.start);
    return out;
  }
}

export type StatusCountView = { status: StatusDef; count: number };

export function countByStatus(claims: ClaimRecord[], statuses: StatusDef[]): StatusCountView[] {
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
