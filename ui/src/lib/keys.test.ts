import { describe, expect, it } from "vitest";
import { keyAction, type KeyLike } from "./keys";

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
