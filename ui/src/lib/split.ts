// The review screen's split between the article and the claims: a width for the claims side,
// dragged or moved with the arrow keys, kept within bounds and remembered per window.

/** The claims side is never narrower than this (px)… */
export const MIN_SIDE = 340;
/** …and leaves the article at least this much (px). */
export const MIN_ARTICLE = 380;

/** The claims side's width when the user has not chosen one: half the window on a wide screen
 * (the list and the detail then sit side by side), 30 rem-ish on a narrow one. */
export function defaultSide(total: number): number {
  return clampSide(total >= 1200 ? Math.round(total * 0.52) : 420, total);
}

export function clampSide(side: number, total: number): number {
  const max = Math.max(MIN_SIDE, total - MIN_ARTICLE);
  return Math.round(Math.min(max, Math.max(MIN_SIDE, side)));
}

type Store = Pick<Storage, "getItem" | "setItem">;

function storage(): Store | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

const key = (win: string) => `factdesk.split.${win}`;

/** The remembered share of the window the claims side takes (0–1), or null. */
export function savedShare(win: string, store: Store | null = storage()): number | null {
  const v = Number(store?.getItem(key(win)));
  return Number.isFinite(v) && v > 0 && v < 1 ? v : null;
}

export function saveShare(win: string, share: number, store: Store | null = storage()): void {
  if (share > 0 && share < 1) store?.setItem(key(win), share.toFixed(4));
}
