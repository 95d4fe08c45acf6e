// The keyboard map, in one place: which key does what on which screen, and the shortcut sheet
// that lists it. Pure, so both are tested without a window (keys.test.ts checks the sheet
// against the map: every action a key can reach is on the sheet, and nothing else is).
export type KeyLike = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey" | "target">;

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== "function") return false;
  return el.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']") !== null;
}

function inDialog(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && typeof el.closest === "function" && el.closest("dialog[open]") !== null;
}

/** The action for a key press, or null. `reviewing` is true on the review screen. */
export function keyAction(e: KeyLike, reviewing: boolean): string | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  // Esc leaves any field or form, back to the claim list. A modal dialog closes itself on Esc.
  if (e.key === "Escape" && !mod && !e.altKey) return inDialog(e.target) ? null : "escape";
  if (mod && !e.altKey) {
    // In a text field, Ctrl+Z/Y undo the typing itself, not the last saved change.
    if (typing(e.target) && (key === "z" || key === "y")) return null;
    if (key === "o") return "open";
    if (key === "l") return "library";
    if (key === "e") return reviewing ? "export" : null;
    if (key === "z") return e.shiftKey ? "redo" : "undo";
    if (key === "y") return "redo";
    if (key === "f") return "find";
    if (key === "q") return "quit";
    if (key === "p") return "print";
    return null;
  }
  if (e.altKey || typing(e.target)) return null;
  if (e.key === "?") return "shortcuts";
  if (e.key === "/") return "find";
  if (!reviewing) return null;
  if (/^[1-9]$/.test(e.key)) return `status-${e.key}`;
  // Capitals first: "G" and "U" are their own keys.
  if (e.key === "G" || e.key === "End") return "last";
  if (e.key === "Home") return "first";
  if (e.key === "U") return "prev-unchecked";
  switch (key) {
    case "j": return "next";
    case "k": return "prev";
    case "g": return "g";
    case "u": return "next-unchecked";
    case "n": return "note";
    case "s": return "source";
    case "x": return "dismiss";
    case "m": return "mark";
    case "a": return "adopt";
    default: return null;
  }
}

/** Reads key presses into actions, with the one two-key sequence: `g g` goes to the first claim. */
export class KeyReader {
  private g = -Infinity;
  /** How long the second `g` may take (ms). */
  static readonly CHORD_MS = 1000;

  read(e: KeyLike, reviewing: boolean, now = Date.now()): string | null {
    const action = keyAction(e, reviewing);
    if (action === "g") {
      const second = now - this.g <= KeyReader.CHORD_MS;
      this.g = second ? -Infinity : now;
      return second ? "first" : null;
    }
    if (action) this.g = -Infinity;
    return action;
  }
}

/** The shortcut sheet: every key, and the actions it runs. */
export const SHEET: { keys: string; what: string; actions: string[] }[] = [
  { keys: "j / k", what: "Next / previous claim", actions: ["next", "prev"] },
  { keys: "g g / G", what: "First / last claim (also Home / End)", actions: ["first", "last"] },
  { keys: "u / U", what: "Next / previous unchecked claim", actions: ["next-unchecked", "prev-unchecked"] },
  {
    keys: "1 – 5",
    what: "Set the status: Unchecked, Verified, Disputed, False, Unverifiable (then on to the next claim, unless turned off in the library's settings)",
    actions: ["status-1", "status-2", "status-3", "status-4", "status-5", "status-6", "status-7", "status-8", "status-9"],
  },
  { keys: "n", what: "Write a note", actions: ["note"] },
  { keys: "s", what: "Add a source", actions: ["source"] },
  { keys: "x", what: "Dismiss the claim (again to bring it back)", actions: ["dismiss"] },
  { keys: "m", what: "Mark the selected text as a claim", actions: ["mark"] },
  { keys: "a", what: "Adopt the verdict of the claim's earlier check (checked before)", actions: ["adopt"] },
  { keys: "/ or Ctrl+F", what: "Find in the article (library: search everything)", actions: ["find"] },
  { keys: "Esc", what: "Leave a field or form, back to the claim list; close a dialog", actions: ["escape"] },
  { keys: "Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y", what: "Undo / redo", actions: ["undo", "redo"] },
  { keys: "Ctrl+O", what: "Open an article", actions: ["open"] },
  { keys: "Ctrl+E", what: "Export the check", actions: ["export"] },
  { keys: "Ctrl+P", what: "The verdict report, to print or save as PDF", actions: ["print"] },
  { keys: "Ctrl+L", what: "Library", actions: ["library"] },
  { keys: "Ctrl+Q", what: "Quit", actions: ["quit"] },
  { keys: "?", what: "This sheet", actions: ["shortcuts"] },
];
