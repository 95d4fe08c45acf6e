// Where the keyboard goes when it leaves a field or a form: the claim list, so the next key is
// a review key again and never lands in a field the user no longer sees.

/** Moves focus to the claim list (or, on the library screen, off any field). */
export function focusClaimList(): void {
  const list = document.querySelector<HTMLElement>('[data-testid="claim-list"]');
  if (list) {
    list.focus({ preventScroll: true });
    return;
  }
  const el = document.activeElement;
  if (el instanceof HTMLElement && el !== document.body) el.blur();
}

/** True if focus is inside `el` (or on it). */
export function holdsFocus(el: HTMLElement | undefined | null): boolean {
  return !!el && !!document.activeElement && el.contains(document.activeElement);
}
