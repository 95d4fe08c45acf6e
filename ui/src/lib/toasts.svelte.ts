// Messages that never block the window: notices fade after 4 s, errors after 15 s (both can be
// dismissed sooner); at most two are shown at once, so they never pile up over the note. An older
// notice makes room first; errors are never dropped: the oldest two are merged into one toast,
// one message per line (three bad files opened at once still name all three).
import { toCommandError } from "./ipc";

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
  while (toasts.length > MAX_TOASTS) makeRoom(id);
  if (ttlMs > 0) setTimeout(() => dismiss(id), ttlMs);
  return id;
}

function makeRoom(newest: number): void {
  const notice = toasts.findIndex((t) => t.kind === "info" && t.id !== newest);
  if (notice >= 0) {
    toasts.splice(notice, 1);
    return;
  }
  const errors = toasts.flatMap((t, i) => (t.kind === "error" ? [i] : []));
  if (errors.length >= 2) {
    const [a, b] = [errors[0]!, errors[1]!];
    toasts[b] = { ...toasts[b]!, text: `${toasts[a]!.text}\n${toasts[b]!.text}` };
    toasts.splice(a, 1);
    return;
  }
  toasts.shift();
}

/** A damaged library: shown as a banner offering the latest backup, not as a toast. */
export const libraryProblem: { message: string | null } = $state({ message: null });

export function showError(e: unknown): void {
  const err = toCommandError(e);
  if (err.code === "library.corrupt") {
    libraryProblem.message = err.message;
    return;
  }
  notify("error", err.message);
}
