// Messages that never block the window: errors stay until dismissed, notices fade.
export type Toast = { id: number; kind: "error" | "info"; text: string };

let next = 1;
export const toasts: Toast[] = $state([]);

export function dismiss(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}

export function notify(kind: Toast["kind"], text: string, ttlMs = kind === "error" ? 0 : 4000): number {
  const id = next++;
  toasts.push({ id, kind, text });
  if (toasts.length > 5) toasts.shift();
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
