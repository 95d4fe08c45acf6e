// The checker's main flow in the real app: open → claims proposed → dispute the Hanoi claim
// with a note and a source → restart → everything still there → export annotated Markdown.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, sample, screenshot, stopServices, tempLibrary, withScreenshot } from "./lib/harness.mjs";
import { addSource, claimItems, claimStatus, Keys, pressKey, selectClaim, typeNote, until } from "./lib/review.mjs";

after(stopServices);

const HANOI = "The First was in Hanoi";
const NOTE = "The first summit was in Singapore (June 2018); Hanoi was the second (Feb 2019).";

test(
  "dispute the Hanoi claim with a note and a source, restart, export, and open the export in a fresh library",
  withScreenshot("review-flow", async (_t, track) => {
    const db = tempLibrary();
    let s = track(await launch({ db, args: [sample] }));
    await s.waitFor('[data-testid="claim-item"]');
    const items = await claimItems(s);
    assert.ok(items.length >= 8, `expected the sample's claims to be proposed, got ${items.length}`);

    const id = await selectClaim(s, HANOI);
    await pressKey(s, "3");
    await until(s, `return document.querySelector('[data-claim-id="${id}"] [data-status]')?.dataset.status === 'disputed'`, { what: "status disputed" });
    assert.equal(
      await s.exec(`return document.querySelector('mark[data-claim-id="${id}"]')?.dataset.status`),
      "disputed",
      "the article highlight shows the new status",
    );
    // The status key moved on to the next claim; back to the Hanoi claim for the note.
    await pressKey(s, "k");
    await s.waitFor(`[data-testid="claim-detail"][data-claim-id="${id}"]`);
    await typeNote(s, NOTE);
    await addSource(s, { title: "Reuters: Trump and Kim meet in Singapore", location: "https://www.reuters.com/article/singapore-summit" });
    await screenshot(s, "review-disputed");
    await s.delete();

    s = track(await launch({ db }));
    await (await s.waitFor('[data-testid="library-article"]')).click();
    await s.waitFor('[data-testid="claim-item"]');
    const again = await selectClaim(s, HANOI);
    assert.equal(again, id, "the claim keeps its id across restarts");
    assert.equal(await claimStatus(s, id), "disputed");
    assert.equal(await s.exec(`return document.querySelector('[data-testid="note"]').value`), NOTE, "the note comes back exactly as typed");
    assert.match(await (await s.find('[data-testid="sources"]')).text(), /Reuters: Trump and Kim meet in Singapore/);

    const out = join(mkdtempSync(join(tmpdir(), "factdesk-export-")), "checked.md");
    await s.chord([Keys.CTRL], "e");
    const path = await s.waitFor('[data-testid="export-path"]');
    await path.clear();
    await path.type(out);
    await (await s.find('[data-testid="export-save"]')).click();
    await s.waitFor('[data-testid="toast"]', { text: "Exported to" });
    const md = readFileSync(out, "utf8");
    assert.match(md, /The First was in Hanoi[^\n]*\[\^fd-/, "a footnote reference follows the claim");
    assert.match(md, /Disputed/);
    assert.match(md, /Singapore \(June 2018\)/);
    assert.match(md, /https:\/\/www\.reuters\.com\/article\/singapore-summit/);
    await s.delete();

    // The export opened in a fresh library shows the identical check.
    const fresh = track(await launch({ args: [out] }));
    await fresh.waitFor('[data-testid="claim-item"]');
    const back = await selectClaim(fresh, HANOI);
    assert.equal(await claimStatus(fresh, back), "disputed");
    assert.equal(await fresh.exec(`return document.querySelector('[data-testid="note"]').value`), NOTE);
    assert.match(await (await fresh.find('[data-testid="sources"]')).text(), /Reuters: Trump and Kim meet in Singapore/);
    assert.equal((await claimItems(fresh)).length, items.length, "every claim came back");
  }),
);

test(
  "a keyboard-only pass through every claim",
  withScreenshot("keyboard-pass", async (_t, track) => {
    const s = track(await launch({ args: [sample] }));
    await s.waitFor('[data-testid="claim-item"]');
    const n = (await claimItems(s)).length;
    // The first claim is selected on open; 2 marks each verified and moves on to the next.
    assert.ok(await s.exec(`return document.querySelector('[data-testid="claim-item"]').getAttribute('aria-current') === 'true'`));
    const ids = (await claimItems(s)).map((c) => c.id);
    for (let i = 0; i < n; i++) {
      await pressKey(s, "2");
      await until(s, `return document.querySelector('[data-testid="claim-item"][data-claim-id="${ids[i]}"] [data-status]')?.dataset.status === 'verified'`, { what: `claim ${i + 1} verified` });
    }
    const statuses = (await claimItems(s)).map((c) => c.status);
    assert.deepEqual(new Set(statuses), new Set(["verified"]), "every claim was reached by j and set by 2");
    assert.match(await (await s.find('[data-testid="progress"]')).attr("aria-label"), new RegExp(`${n} of ${n} claims checked`));
    await pressKey(s, "?");
    await s.waitFor('[data-testid="shortcuts"]', { text: "Next / previous claim" });
    await screenshot(s, "shortcuts");
  }),
);

test(
  "undo and redo a status change with Ctrl+Z and Ctrl+Shift+Z",
  withScreenshot("undo-redo", async (_t, track) => {
    const s = track(await launch({ args: [sample] }));
    await s.waitFor('[data-testid="claim-item"]');
    const id = await selectClaim(s, HANOI);
    await pressKey(s, "4");
    await until(s, `return document.querySelector('[data-claim-id="${id}"] [data-status]')?.dataset.status === 'false'`);
    await s.exec("document.activeElement?.blur()");
    await s.chord([Keys.CTRL], "z");
    await until(s, `return document.querySelector('[data-claim-id="${id}"] [data-status]')?.dataset.status === 'unchecked'`, { what: "undo" });
    await s.chord([Keys.CTRL, Keys.SHIFT], "z");
    await until(s, `return document.querySelector('[data-claim-id="${id}"] [data-status]')?.dataset.status === 'false'`, { what: "redo" });
  }),
);

test(
  "filters narrow the list by status and kind",
  withScreenshot("filters", async (_t, track) => {
    const s = track(await launch({ args: [sample] }));
    await s.waitFor('[data-testid="claim-item"]');
    const all = (await claimItems(s)).length;
    const hanoi = await selectClaim(s, HANOI);
    await pressKey(s, "3");
    await until(s, `return document.querySelector('[data-claim-id="${hanoi}"] [data-status="disputed"]')`);
    await (await s.find('[data-testid="filter-status-disputed"]')).click();
    const disputed = await claimItems(s);
    assert.equal(disputed.length, 1);
    assert.match(disputed[0].text, /Hanoi/);
    await (await s.find('[data-testid="filter-status-disputed"]')).click();
    await s.exec(`const sel = document.querySelector('[data-testid="filter-kind"]'); sel.value = 'quote'; sel.dispatchEvent(new Event('change', { bubbles: true }));`);
    const quotes = await claimItems(s);
    assert.ok(quotes.length > 0 && quotes.length < all, `quote filter gave ${quotes.length} of ${all}`);
  }),
);

test(
  "a manual claim from a text selection",
  withScreenshot("manual-claim", async (_t, track) => {
    const s = track(await launch({ args: [sample] }));
    await s.waitFor('[data-testid="claim-item"]');
    const before = (await claimItems(s)).length;
    // Select "Tyler Durden" (a byline, never proposed) the way a mouse would, then mark it.
    await s.exec(`
      const walker = document.createTreeWalker(document.querySelector('[data-testid="article"]'), NodeFilter.SHOW_TEXT);
      let node; while ((node = walker.nextNode()) && !(node.data.includes('Tyler Durden') && node.parentElement.closest('[data-start]'))) {}
      const at = node.data.indexOf('Tyler Durden');
      const r = document.createRange(); r.setStart(node, at); r.setEnd(node, at + 'Tyler Durden'.length);
      const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
      node.parentElement.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));`);
    await (await s.waitFor('[data-testid="mark-claim"]')).click();
    await until(s, `return document.querySelectorAll('[data-testid="claim-item"]').length === ${before + 1}`, { what: "one more claim" });
    const detail = await s.waitFor('[data-testid="claim-detail"]');
    assert.match(await detail.text(), /Tyler Durden/);
  }),
);
