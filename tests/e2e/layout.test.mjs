// The review window's layout at the sizes checkers use (issue #16, item 4): the counts stay
// visible from 1024 px up, the claim list shows at least eight claims at 1366×768, a 1920 px
// screen is used, and the split between article and claims is dragged with the mouse and
// remembered. Screenshots of each size, light and dark, go to tests/e2e/artifacts/layout-*.png
// (copied to docs/screenshots/ by hand when the look changes).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, sample, screenshot, startServices, stopServices, tempLibrary, withScreenshot } from "./lib/harness.mjs";
import { Keys, sleep, until } from "./lib/review.mjs";

process.env.FACTDESK_E2E_SCREEN ??= "1920x1080";
process.env.FACTDESK_E2E_XVFB ??= "1";
after(stopServices);

/** An article of our own with many short checkable sentences (more claims than fit). */
function longArticle() {
  const towns = ["Arden", "Belmont", "Carrow", "Dunmore", "Elstow", "Fairholm", "Glenrae", "Harrow", "Iverley", "Jesmond"];
  const lines = ["Budgets of the valley towns", ""];
  for (let i = 0; i < 40; i++) {
    const t = towns[i % towns.length];
    lines.push(`${t} council spent ${(i + 2) * 1.5} million euros on roads in ${2000 + i}, up ${i + 3} percent on the year before, according to the regional audit office.`);
    if (i % 4 === 3) lines.push("");
  }
  const path = join(mkdtempSync(join(tmpdir(), "factdesk-layout-")), "valley-budgets.txt");
  writeFileSync(path, lines.join("\n"));
  return path;
}

async function resize(s, width, height) {
  await s.cmd("POST", "/window/rect", { x: 0, y: 0, width, height });
  await until(s, `return Math.abs(window.innerWidth - ${width}) < 40 && Math.abs(window.innerHeight - ${height}) < 80`, { what: `window ${width}×${height}`, timeout: 5000 }).catch(() => {});
  await sleep(400);
}

const measure = (s) =>
  s.exec(`
    const r = (el) => el && el.getBoundingClientRect();
    const tally = r(document.querySelector('[data-testid="progress-tally"]'));
    const find = r(document.querySelector('[data-testid="find"]'));
    const help = r(document.querySelector('button[aria-label="Keyboard shortcuts"]'));
    const list = r(document.querySelector('.list'));
    const items = [...document.querySelectorAll('[data-testid="claim-item"]')].map(r);
    const visible = items.filter(b => b.top >= list.top - 1 && b.bottom <= list.bottom + 1).length;
    const overlap = (a, b) => a && b && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return {
      width: innerWidth, height: innerHeight,
      tallyShown: !!tally && tally.width > 0 && tally.right <= innerWidth && !overlap(tally, find),
      helpInside: !!help && help.right <= innerWidth + 0.5 && help.width >= 20,
      visible,
      side: r(document.querySelector('aside.right')).width,
      article: r(document.querySelector('[data-testid="article-pane"]')).width,
    };`);

for (const dark of [false, true]) {
  test(
    `the layout at 1024×700, 1366×768 and 1920×1080 (${dark ? "dark" : "light"})`,
    withScreenshot(`layout-${dark ? "dark" : "light"}`, async (_t, track) => {
      if (dark) {
        stopServices();
        process.env.GTK_THEME = "Adwaita:dark";
        await startServices();
      }
      const s = track(await launch({ db: tempLibrary(), args: [sample, longArticle()] }));
      await until(s, `return document.querySelector('[data-testid="topbar-title"]')?.textContent.includes('valley')`, { timeout: 20000, what: "the second article open" });
      await s.waitFor('[data-testid="claim-item"][aria-current="true"]');
      // A few verdicts, so the screenshots show a check under way.
      for (const k of "2232423") await s.keys(k);
      await sleep(500);
      for (const [w, h] of [[1024, 700], [1366, 768], [1920, 1080]]) {
        await resize(s, w, h);
        const m = await measure(s);
        await screenshot(s, `layout-${w}x${h}-${dark ? "dark" : "light"}`);
        assert.ok(m.tallyShown, `${w}×${h}: the counts are visible, clear of the find box: ${JSON.stringify(m)}`);
        assert.ok(m.helpInside, `${w}×${h}: the ? button is whole`);
        if (w === 1366) assert.ok(m.visible >= 8, `${w}×${h}: ${m.visible} claims visible in the list (want ≥ 8)`);
        if (w === 1920) assert.ok(m.side >= 800 && m.article >= 700, `${w}×${h}: the screen is used: claims ${m.side}px, article ${m.article}px`);
      }
      // The library with its articles, for the README.
      await resize(s, 1366, 768);
      await s.chord([Keys.CTRL], "l");
      await s.waitFor('[data-testid="library-article"]');
      await screenshot(s, `layout-library-${dark ? "dark" : "light"}`);
    }),
  );
}

test(
  "the split between article and claims is dragged with the mouse and remembered after a restart",
  withScreenshot("layout-split", async (_t, track) => {
    const db = tempLibrary();
    const article = longArticle();
    let s = track(await launch({ db, args: [article] }));
    await s.waitFor('[data-testid="claim-item"][aria-current="true"]');
    await resize(s, 1366, 768);
    const before = (await measure(s)).side;
    const el = await s.find('[data-testid="splitter"]');
    await s.cmd("POST", "/actions", {
      actions: [{
        type: "pointer", id: "mouse", parameters: { pointerType: "mouse" },
        actions: [
          { type: "pointerMove", origin: el.ref, x: 0, y: 0 },
          { type: "pointerDown", button: 0 },
          { type: "pointerMove", origin: "pointer", x: 150, y: 0, duration: 200 },
          { type: "pointerUp", button: 0 },
        ],
      }],
    });
    await s.cmd("DELETE", "/actions");
    await sleep(300);
    const dragged = (await measure(s)).side;
    assert.ok(Math.abs(before - 150 - dragged) < 12, `dragged right by 150 px: ${before} → ${dragged}`);
    await s.delete();

    s = track(await launch({ db, args: [article] }));
    await s.waitFor('[data-testid="claim-item"][aria-current="true"]');
    await resize(s, 1366, 768);
    const again = (await measure(s)).side;
    assert.ok(Math.abs(again - dragged) < 12, `remembered: ${again} after ${dragged}`);
  }),
);
