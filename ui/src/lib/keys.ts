// The keyboard map, in one place: which key does what on which screen. Pure, so it is tested
// without a window.
export type KeyLike = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey" | "target">;

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== "function") return false;
  return el.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']") !== null;
}

/** The action for a key press, or null. `reviewing` is true on the review screen. */
export function keyAction(e: KeyLike, reviewing: boolean): string | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    // In a text field, Ctrl+Z/Y undo the typing itself, not the last saved change.
    if (typing(e.target) && (key === "z" || key === "y")) return null;
    if (key === "o") return "open";
    if (key === "l") return "library";
    if (key === "e") return reviewing ? "export" : null;
    if (key === "z") return e.shiftKey ? "redo" : "undo";
    if (key === "y") return "redo";
    if (key === "f") return "find";
    return null;
  }
  if (e.altKey || typing(e.target)) return null;
  if (e.key === "?") return "shortcuts";
  if (e.key === "/") return "find";
  if (!reviewing) return null;
  if (/^[1-9]$/.test(e.key)) return `status-${e.key}`;
  switch (key) {
    case "j": return "next";
    case "k": return "prev";
    case "n": return "note";
    case "s": return "source";
    case "x": return "dismiss";
    case "m": return "mark";
    case "a": return "adopt";
    default: return null;
  }
}
