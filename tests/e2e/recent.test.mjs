// Recently opened articles: the library's list runs the same command as File → Open Recent
// (the native menu cannot be clicked through WebDriver; its model is tested in Rust,
// src-tauri/core/src/app/recent.rs). Order, reopening, a changed file, a missing file, clear.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, sample, screenshot, stopServices, tempLibrary, withScreenshot } from "./lib/harness.mjs";
import { until } from "./lib/review.mjs";

after(stopServices);

const recentTitles = (s) =>
  s.exec(`return [...document.querySelectorAll('[data-testid="recent-article"] .recent-title')].map(e => e.textContent)`);

/** Waits until the review screen shows the article whose title starts with `name`. */
const showing = (s, name, timeout = 10000) =>
  until(s, `return document.querySelector('[data-testid="topbar-title"]')?.textContent.startsWith(${JSON.stringify(name)})`, { timeout });

async function toLibrary(s) {
  await (await s.find('[data-testid="go-library"]')).click();
  await s.waitFor('[data-testid="library-article"]');
}

/** Clicks the recent entry whose title starts with `name`, as a checker would. */
async function openRecent(s, name) {
  const id = await s.exec(
    `return [...document.querySelectorAll('[data-testid="recent-article"]')].find(b => b.querySelector('.recent-title').textContent.startsWith(arguments[0]))?.dataset.articleId`,
    name,
  );
  if (!id) throw new Error(`no recent entry "${name}"`);
  await (await s.find(`[data-testid="recent-article"][data-article-id="${id}"]`)).click();
}

test(
  "recently opened: newest first, reopen, changed file, missing file, clear",
  withScreenshot("recent", async (_t, track) => {
    const dir = mkdtempSync(join(tmpdir(), "factdesk-recent-"));
    const text = readFileSync(sample, "utf8");
    const [first, ...rest] = text.split("\n");
    const files = ["Alpha", "Bravo", "Charlie"].map((name) => {
      const f = join(dir, `${name.toLowerCase()}.txt`);
      writeFileSync(f, [`${name}: ${first}`, ...rest].join("\n"));
      return f;
    });
    const db = tempLibrary();
    const s = track(await launch({ db, args: files }));
    // Three imports at start-up, in order: the last one stays open.
    await showing(s, "Charlie", 30000);
    await toLibrary(s);
    await s.waitFor('[data-testid="recent-article"]');
    assert.deepEqual((await recentTitles(s)).map((t) => t.split(":")[0]), ["Charlie", "Bravo", "Alpha"]);
    await screenshot(s, "library-recent");

    // Reopening moves an entry up, once.
    await openRecent(s, "Alpha");
    await showing(s, "Alpha");
    await toLibrary(s);
    await until(s, `return document.querySelector('[data-testid="recent-article"]')?.textContent.includes('Alpha')`);
    assert.deepEqual((await recentTitles(s)).map((t) => t.split(":")[0]), ["Alpha", "Charlie", "Bravo"]);

    // A file changed on disk: the library copy opens with the re-import banner.
    writeFileSync(files[1], readFileSync(files[1], "utf8").replace("three meetings", "four meetings"));
    await openRecent(s, "Bravo");
    await showing(s, "Bravo");
    await s.waitFor('[data-testid="reimport"]');

    // A file that is gone: the library copy opens, and a notice says the file is missing.
    rmSync(files[2]);
    await toLibrary(s);
    await openRecent(s, "Charlie");
    await showing(s, "Charlie");
    const toast = await s.waitFor('[data-testid="toast"]', { text: "missing" });
    assert.match(await toast.text(), /charlie\.txt is missing/);
    assert.ok((await s.exec(`return document.querySelectorAll('[data-testid="claim-item"]').length`)) > 0);
    await toLibrary(s);
    await until(s, `return [...document.querySelectorAll('[data-testid="recent-article"]')].some(b => b.textContent.includes('Charlie') && b.textContent.includes('file missing'))`);
    await screenshot(s, "library-recent-missing");

    // Clear empties the list, not the library.
    await (await s.find('[data-testid="recent-clear"]')).click();
    await until(s, `return !document.querySelector('[data-testid="recent"]')`);
    assert.equal((await s.findAll('[data-testid="library-article"]')).length, 3);
  }),
);

test(
  "the recent list survives a restart",
  withScreenshot("recent-restart", async (_t, track) => {
    const dir = mkdtempSync(join(tmpdir(), "factdesk-recent-"));
    const file = join(dir, "kept.txt");
    writeFileSync(file, readFileSync(sample, "utf8"));
    const db = tempLibrary();
    const s1 = await launch({ db, args: [file] });
    await s1.waitFor('[data-testid="claim-item"]');
    await s1.delete();
    const s = track(await launch({ db }));
    const entry = await s.waitFor('[data-testid="recent-article"]');
    assert.match(await entry.text(), /kept\.txt/);
    await entry.click();
    await s.waitFor('[data-testid="claim-item"]');
  }),
);
