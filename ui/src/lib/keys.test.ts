import { describe, expect, it } from "vitest";
import { KeyReader, SHEET, keyAction, type KeyLike } from "./keys";

const press = (key: string, over: Partial<KeyLike> = {}): KeyLike => ({
  key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target: null, ...over,
});

describe("keyAction", () => {
  it("maps the review keys", () => {
    expect(keyAction(press("j"), true)).toBe("next");
    expect(keyAction(press("k"), true)).toBe("prev");
    expect(keyAction(press("3"), true)).toBe("status-3");
    expect(keyAction(press("n"), true)).toBe("note");
    expect(keyAction(press("s"), true)).toBe("source");
    expect(keyAction(press("x"), true)).toBe("dismiss");
    expect(keyAction(press("m"), true)).toBe("mark");
    expect(keyAction(press("?", { shiftKey: true }), true)).toBe("shortcuts");
  });

  it("maps undo, redo, open and export with Ctrl", () => {
    expect(keyAction(press("z", { ctrlKey: true }), true)).toBe("undo");
    expect(keyAction(press("Z", { ctrlKey: true, shiftKey: true }), true)).toBe("redo");
    expect(keyAction(press("o", { ctrlKey: true }), false)).toBe("open");
    expect(keyAction(press("e", { ctrlKey: true }), true)).toBe("export");
    expect(keyAction(press("e", { ctrlKey: true }), false)).toBeNull();
  });

  it("leaves letters alone while the user types in a field", () => {
    const field = document.createElement("textarea");
    document.body.append(field);
    expect(keyAction(press("j", { target: field }), true)).toBeNull();
    expect(keyAction(press("2", { target: field }), true)).toBeNull();
    expect(keyAction(press("z", { ctrlKey: true, target: field }), true)).toBeNull();
    expect(keyAction(press("o", { ctrlKey: true, target: field }), true)).toBe("open");
    field.remove();
  });

  it("has no review keys on the library screen", () => {
    expect(keyAction(press("j"), false)).toBeNull();
    expect(keyAction(press("1"), false)).toBeNull();
    expect(keyAction(press("/"), false)).toBe("find");
  });
});

describe("moving through the claims", () => {
  it("maps G, End, Home, u and U", () => {
    expect(keyAction(press("G", { shiftKey: true }), true)).toBe("last");
    expect(keyAction(press("End"), true)).toBe("last");
    expect(keyAction(press("Home"), true)).toBe("first");
    expect(keyAction(press("u"), true)).toBe("next-unchecked");
    expect(keyAction(press("U", { shiftKey: true }), true)).toBe("prev-unchecked");
  });

  it("reads g g as the first claim, and one g as nothing", () => {
    const r = new KeyReader();
    expect(r.read(press("g"), true, 1000)).toBeNull();
    expect(r.read(press("g"), true, 1400)).toBe("first");
    expect(r.read(press("g"), true, 5000)).toBeNull();
    expect(r.read(press("g"), true, 7000)).toBeNull();
    expect(r.read(press("j"), true, 7100)).toBe("next");
    expect(r.read(press("g"), true, 7200)).toBeNull();
  });
});

describe("Esc", () => {
  it("leaves a field, and leaves a dialog to close itself", () => {
    const field = document.createElement("textarea");
    document.body.append(field);
    expect(keyAction(press("Escape", { target: field }), true)).toBe("escape");
    expect(keyAction(press("Escape"), false)).toBe("escape");
    const dialog = document.createElement("dialog");
    const inner = document.createElement("input");
    dialog.append(inner);
    document.body.append(dialog);
    dialog.setAttribute("open", "");
    expect(keyAction(press("Escape", { target: inner }), true)).toBeNull();
    dialog.remove();
    field.remove();
  });
});

describe("the shortcut sheet", () => {
  // Every key a keyboard has that could be bound: letters, digits, signs, named keys, with and
  // without Shift and Ctrl.
  const named = ["Escape", "Home", "End", "Enter", "Tab", "Backspace", "Delete", "PageUp", "PageDown", "ArrowUp", "ArrowDown", "F1"];
  const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
  function reachable(): Set<string> {
    const out = new Set<string>();
    for (const key of [...printable, ...named]) {
      for (const ctrlKey of [false, true]) {
        for (const reviewing of [false, true]) {
          const a = keyAction(press(key, { ctrlKey, shiftKey: key.length === 1 && key !== key.toLowerCase() }), reviewing);
          if (a) out.add(a);
          const shifted = keyAction(press(key, { ctrlKey, shiftKey: true }), reviewing);
          if (shifted) out.add(shifted);
        }
      }
    }
    out.delete("g"); // half of "g g"
    out.add("first");
    return out;
  }

  it("lists every action a key reaches, and nothing a key does not", () => {
    const listed = new Set(SHEET.flatMap((row) => row.actions));
    expect([...reachable()].sort()).toEqual([...listed].sort());
  });

  it("a adopts the earlier verdict; c stays free (reserved)", () => {
    expect(keyAction(press("a"), true)).toBe("adopt");
    for (const k of ["c", "C"]) expect(keyAction(press(k), true)).toBeNull();
  });
});
