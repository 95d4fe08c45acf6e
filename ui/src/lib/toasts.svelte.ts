// Messages that never block the window: notices fade after 4 s, errors after 15 s (both can be
// dismissed sooner); at most two are shown at once, the newest, so they never pile up over the
// note.
export type Toast = { id: number; kind: "error" | "info"; text: string };

let next = 1;
export const toasts: Toast[] = $state([]);

export function dismiss(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}

/** How many toasts are shown at once. */
export const MAX_TOASTS = 2;
/** How long an error stays (ms); a notice, 4 s. */
export const ERROR_MS = 15000;

export function notify(kind: Toast["kind"], text: string, ttlMs = kind === "error" ? ERROR_MS : 4000): number {
  const id = next++;
  toasts.push({ id, kind, text });
  while (toasts.length > MAX_TOASTS) toasts.shift();
  if (ttlMs > 0) setTimeout(() => dismiss(id), ttlMs);
  return id;
}

/** A damaged library: shown as a banner offering the latest backup, not as a toast. */
export const libraryProblem: { message: string | null } = $state({ message: null });

export function showError(e: unknown): void {
  const text = e instanceof Error ? e.message : String(e);
  if (typeof e === "object" && e !== null && "code" in e && e.code === "library.corrupt") {
    libraryProblem.message = text;
    return;
  }
  notify("error", text);
}
