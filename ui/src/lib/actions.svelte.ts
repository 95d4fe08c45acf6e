// What the user can do on the review screen, once, for buttons, keys and menu items alike.
// Each action saves through the backend and shows the saved result; failures become toasts.
import { tick } from "svelte";
import { commands } from "./commands";
import { CommandError, toCommandError } from "./ipc";
import { Review } from "./review.svelte";
import { withProgress } from "./jobs.svelte";
import { checked } from "./checked.svelte";
import { notify, showError } from "./toasts.svelte";
import { focusClaimList } from "./focus";
import type { Snapped } from "./selection";
import type { ClaimCard } from "./bindings/ClaimCard";
import type { HistoryRow } from "./bindings/HistoryRow";
import type { ReanchorReport } from "./bindings/ReanchorReport";
import type { RecentArticle } from "./bindings/RecentArticle";
import type { Settings } from "./bindings/Settings";
import type { SourceInput } from "./bindings/SourceInput";

export const review = new Review();
review.extraFilter = checked.keep;

class Actions {
  /** The user's current text selection in the article, in code points, snapped to words inside
   * one paragraph (lib/selection.ts), if any. */
  textSelection: Snapped | null = $state(null);
  /** The last re-import's report, shown as a banner until dismissed. */
  lastReport: ReanchorReport | null = $state(null);
  /** The open article's file changed on disk since it was imported. */
  changedOnDisk = $state(false);
  busy = $state(false);
  /** The library's settings; until they are read, the defaults. */
  settings: Settings = $state({ checker: "", proposals: "default", advance_after_status: true });
  /** The articles opened last, newest first: the library's list and File → Open Recent. */
  recent: RecentArticle[] = $state([]);

  private get articleId(): string | null {
    return review.view?.article.id ?? null;
  }

  /** Every change goes to the backend in the order it was made: the backend runs commands on
   * a pool, so two changes in flight at once could be saved in the other order. */
  private chain: Promise<unknown> = Promise.resolve();
  /** Per claim, how many of its changes are on their way to the backend. */
  private inFlight = new Map<string, number>();

  private enqueue<T>(f: () => Promise<T>): Promise<T> {
    const run = this.chain.then(f);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Saves a change of claim `id` and shows the record the backend returns. With `shown`, the
   * window shows that record at once (a status key must repaint within a frame or two); if
   * the save fails, the window reloads what is saved and says the change was not saved. */
  private async save(id: string, f: (article: string) => Promise<ClaimCard>, shown?: ClaimCard, of?: string): Promise<boolean> {
    // A change made in an article that is no longer shown (a note flushed on switching) is
    // saved to its own article, and not shown.
    const article = of || this.articleId;
    if (shown && article !== this.articleId) shown = undefined;
    if (!article) return false;
    if (shown) review.replace(shown);
    review.saving.push(id);
    this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
    try {
      const saved = await this.enqueue(() => f(article));
      // A later change of the same claim, already shown, stays shown until it is saved too.
      if (this.articleId === article && this.inFlight.get(id) === 1) review.replace(saved);
      return true;
    } catch (e) {
      if (!shown) {
        showError(e);
        return false;
      }
      const err = toCommandError(e);
      showError(new CommandError(err.code, `Not saved: ${err.message}. The claim shows its saved state again.`));
      await this.enqueue(async () => {
        if (this.articleId === article) await this.reload();
      }).catch(showError);
      return false;
    } finally {
      const n = (this.inFlight.get(id) ?? 1) - 1;
      if (n > 0) this.inFlight.set(id, n);
      else this.inFlight.delete(id);
      const i = review.saving.indexOf(id);
      if (i >= 0) review.saving.splice(i, 1);
    }
  }

  async open(path: string): Promise<void> {
    // For `make bench`: how long opening takes, seen from the window.
    performance.mark("factdesk:open");
    this.busy = true;
    try {
      // One call: the file read, analysed and saved, and the review screen's data.
      const opened = await withProgress("open", path, (progress) => commands.openArticle(path, progress));
      performance.mark("factdesk:view");
      review.load(opened.view);
      void tick().then(() => performance.mark("factdesk:rendered"));
      this.lastReport = opened.outcome === "revised" ? opened.report : null;
      // Pages of a PDF that could not be imported (scans): said, and kept on screen until closed.
      for (const w of opened.warnings) notify("info", w, 0);
      this.changedOnDisk = false;
      if (!review.selectedId) review.step(1);
      void tick().then(focusClaimList);
    } catch (e) {
      showError(e);
    } finally {
      this.busy = false;
    }
  }

  /** Opens an article of the library: a recent entry (list or menu), the library list, a
   *  search hit. A changed file gets the re-import banner; a missing one, a notice. */
  async show(articleId: string, claimId?: string | null): Promise<void> {
    try {
      const opened = await commands.openFromLibrary(articleId);
      performance.mark("factdesk:view");
      review.load(opened.view);
      void tick().then(() => performance.mark("factdesk:rendered"));
      this.lastReport = null;
      if (claimId) review.select(claimId);
      else if (!review.selectedId) review.step(1);
      void tick().then(focusClaimList);
      this.changedOnDisk = opened.file === "changed";
      if (opened.file === "missing") {
        notify("info", `The file ${opened.view.article.path} is missing; this is the library’s copy.`, 10000);
      }
    } catch (e) {
      showError(e);
    }
  }

  async loadRecent(): Promise<void> {
    try {
      this.recent = await commands.recentArticles();
    } catch (e) {
      showError(e);
    }
  }

  /** Empties the recent list (the library keeps every article). */
  async clearRecent(): Promise<void> {
    try {
      this.recent = await commands.clearRecent();
    } catch (e) {
      showError(e);
    }
  }

  async reload(): Promise<void> {
    const id = this.articleId;
    if (id) review.load(await commands.articleView(id));
  }

  /** Shown at once, then saved (see `save`). */
  setStatus(claim: string, status: string): Promise<boolean> {
    const now = review.claim(claim);
    return this.save(claim, (a) => commands.setStatus(a, claim, status), now && { ...now, status });
  }

  /** Sets the status by its place in the list (keys 1–9); false if there is no such status
   * or no claim is selected. */
  setStatusByIndex(i: number): boolean {
    const s = review.view?.statuses[i];
    if (!s || !review.selectedId) return false;
    void this.setStatus(review.selectedId, s.key);
    return true;
  }

  async loadSettings(): Promise<void> {
    try {
      this.settings = await commands.settings();
    } catch (e) {
      showError(e);
    }
  }

  /** Changes some of the library's settings; one copy in the window, so no change undoes another. */
  async updateSettings(change: Partial<Settings>): Promise<void> {
    try {
      this.settings = await commands.setSettings({ ...this.settings, ...change });
    } catch (e) {
      showError(e);
    }
  }

  /** Turns "next claim after a status key" on or off; saved in the library's settings. */
  setAdvance(on: boolean): Promise<void> {
    return this.updateSettings({ advance_after_status: on });
  }

  /** `article`: the article the note was typed in, if it may no longer be the open one. */
  saveNote(claim: string, note: string, article?: string): Promise<boolean> {
    return this.save(claim, (a) => commands.setNote(a, claim, note), undefined, article);
  }

  addSource(claim: string, source: SourceInput): Promise<boolean> {
    return this.save(claim, (a) => commands.addSource(a, claim, source));
  }

  updateSource(claim: string, sourceId: string, source: SourceInput): Promise<boolean> {
    return this.save(claim, (a) => commands.updateSource(a, claim, sourceId, source));
  }

  removeSource(claim: string, sourceId: string): Promise<boolean> {
    return this.save(claim, (a) => commands.removeSource(a, claim, sourceId));
  }

  async dismiss(claim: string): Promise<void> {
    const next = review.visible[review.visible.findIndex((c) => c.id === claim) + 1]?.id ?? null;
    if (await this.save(claim, (a) => commands.dismissClaim(a, claim))) {
      if (!review.showDismissed && next) review.select(next);
    }
  }

  /** Adopts the verdict of an earlier check (the best one when `matchId` is left out), which
   * becomes a source of the claim: one change, undone by one undo. */
  adoptMatch(claim: string, matchId?: string): Promise<boolean> {
    const id = matchId ?? checked.matches(claim)[0]?.id;
    if (!id) {
      notify("info", "This claim has no earlier check to adopt.");
      return Promise.resolve(false);
    }
    return this.save(claim, (a) => commands.adoptMatch(a, claim, id));
  }

  restore(claim: string): Promise<boolean> {
    return this.save(claim, (a) => commands.restoreClaim(a, claim));
  }

  /** Marks the selected text as a new claim (button "Mark as claim", key m). */
  async markSelection(): Promise<void> {
    const article = this.articleId;
    const sel = this.textSelection;
    if (!article || !sel) {
      notify("info", "Select some text in the article first.");
      return;
    }
    try {
      const claim = await this.enqueue(() => commands.addManualClaim(article, sel.start, sel.end));
      await this.reload();
      review.select(claim.id);
      this.textSelection = null;
      window.getSelection()?.removeAllRanges();
    } catch (e) {
      showError(e);
    }
  }

  async useSelectionAsSpan(claim: string): Promise<void> {
    const sel = this.textSelection;
    if (!sel) return;
    if (await this.save(claim, (a) => commands.adjustClaimSpan(a, claim, sel.start, sel.end))) {
      await this.reload();
      this.textSelection = null;
    }
  }

  async undo(): Promise<void> {
    await this.undoRedo(() => commands.undo(), "Nothing to undo", "Undone");
  }

  async redo(): Promise<void> {
    await this.undoRedo(() => commands.redo(), "Nothing to redo", "Redone");
  }

  /** The toast says what was undone or redone ("Undone: c15: dismissed"), never the change
   * alone, which would read as if it had just been made. */
  private async undoRedo(f: () => ReturnType<typeof commands.undo>, none: string, done: string): Promise<void> {
    try {
      const out = await this.enqueue(f);
      if (!out.change) {
        notify("info", none);
        return;
      }
      const article = out.change.article_id;
      if (article && article === this.articleId) await this.reload();
      notify("info", `${done}: ${out.change.summary}`);
    } catch (e) {
      showError(e);
    }
  }

  async claimHistory(claim: string): Promise<HistoryRow[]> {
    const article = this.articleId;
    if (!article) return [];
    try {
      return await commands.claimHistory(article, claim);
    } catch (e) {
      showError(e);
      return [];
    }
  }

  async pickAndOpen(): Promise<void> {
    try {
      const path = await commands.pickArticle();
      if (path) await this.open(path);
    } catch (e) {
      showError(e);
    }
  }

  /** File → Quit, Ctrl+Q: a note being typed is saved first (leaving its field flushes it),
   * then every change on its way is awaited, then the app exits. */
  async quit(): Promise<void> {
    const el = document.activeElement;
    if (el instanceof HTMLElement) el.blur();
    await tick();
    await this.chain;
    try {
      await commands.quit();
    } catch (e) {
      showError(e);
    }
  }

  /** Re-imports the open article from its file after it changed on disk. */
  async reimport(): Promise<void> {
    const path = review.view?.article.path;
    if (path) await this.open(path);
  }
}

export const actions = new Actions();
