// The library screen: search across articles that jumps to the claim, and an article whose
// file changed on disk.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, sample, screenshot, stopServices, tempLibrary, withScreenshot } from "./lib/harness.mjs";
import { pressKey, selectClaim, typeNote, until } from "./lib/review.mjs";

after(stopServices);

test(
  "library search finds a note and opens its claim",
  withScreenshot("library-search", async (_t, track) => {
    const db = tempLibrary();
    const s = track(await launch({ db, args: [sample] }));
    await s.waitFor('[data-testid="claim-item"]');
    const id = await selectClaim(s, "10,000 of its troops");
    await typeNote(s, "Pentagon briefing transcript confirms the troop figure");
    await (await s.find('[data-testid="go-library"]')).click();
    await s.waitFor('[data-testid="library-article"]');
    await screenshot(s, "library");
    await (await s.find('[data-testid="library-search"]')).type("transcript");
    const hit = await s.waitFor('[data-testid="search-hit"]', { text: "transcript" });
    await hit.click();
    await s.waitFor(`[data-testid="claim-detail"][data-claim-id="${id}"]`);
  }),
);

test(
  "an article changed on disk: banner, re-import, and the claims carried over",
  withScreenshot("changed-on-disk", async (_t, track) => {
    const dir = mkdtempSync(join(tmpdir(), "factdesk-rev-"));
    const file = join(dir, "article.txt");
    copyFileSync(sample, file);
    const s = track(await launch({ args: [file] }));
    await s.waitFor('[data-testid="claim-item"]');
    const id = await selectClaim(s, "The First was in Hanoi");
    await pressKey(s, "3");
    await until(s, `return document.querySelector('[data-claim-id="${id}"] [data-status]')?.dataset.status === 'disputed'`);
    // The editor fixes the text elsewhere and adds a paragraph at the top.
    const text = readFileSync(file, "utf8").replace("Trump Said To Be Weighing", "Trump Weighs").replace(
      "During his first term",
      "Editor's note: this story was updated.\nDuring his first term",
    );
    writeFileSync(file, text);
    await (await s.find('[data-testid="go-library"]')).click();
    await (await s.waitFor('[data-testid="library-article"]')).click();
    await (await s.waitFor('[data-testid="reimport"]')).click();
    const banner = await s.waitFor('[data-testid="revision-banner"]');
    assert.match(await banner.text(), /New revision imported/);
    await screenshot(s, "revision");
    const again = await selectClaim(s, "The First was in Hanoi");
    assert.equal(again, id);
    assert.equal(await s.exec(`return document.querySelector('[data-claim-id="${id}"] [data-status]')?.dataset.status`), "disputed");
  }),
);
