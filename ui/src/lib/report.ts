// The verdict report in the window: which claims it lists and the counts it shows — the same
// choice as `factdesk report` (src-tauri/core/src/cli/report.rs): unchecked and dismissed claims
// left out unless asked, counts per status of every live claim.
import type { ClaimCard } from "./bindings/ClaimCard";
import type { StatusDef } from "./bindings/StatusDef";
import { countByStatus, type StatusCountView } from "./review.svelte";

export type ReportModel = { claims: ClaimCard[]; counts: StatusCountView[]; live: number; uncheckedLeftOut: number };

export function reportModel(all: ClaimCard[], statuses: StatusDef[], opts: { unchecked?: boolean; dismissed?: boolean } = {}): ReportModel {
  const claims = all
    .filter((c) => !c.orphaned && (opts.dismissed || !c.dismissed) && (opts.unchecked || c.status !== "unchecked"))
    .sort((a, b) => a.anchor.start - b.anchor.start);
  const counts = countByStatus(all, statuses);
  const live = counts.reduce((n, c) => n + c.count, 0);
  const uncheckedLeftOut = opts.unchecked ? 0 : (counts.find((c) => c.status.key === "unchecked")?.count ?? 0);
  return { claims, counts, live, uncheckedLeftOut };
}

/** Only web addresses become links. */
export function webLink(s: string): string | null {
  const t = s.trim();
  return /^https?:\/\//i.test(t) ? t : null;
}
