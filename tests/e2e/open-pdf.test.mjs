// A PDF in the real window (issue #15): the two-column report of the corpus opens as text in
// reading order, each page's number shows in the margin beside its first paragraph, and a scan
// gets its clear message with the library left as it was.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fixtures, launch, screenshot, stopServices, withScreenshot } from "./lib/harness.mjs";

after(stopServices);

const pdf = (name) => join(fixtures, "pdf", name);

test(
  "a two-column PDF opens in reading order with its page numbers beside the text",
  withScreenshot("open-pdf", async (_t, track) => {
    const s = track(await launch({ args: [pdf("report-two-columns.pdf")] }));
    const headline = await s.waitFor('[data-testid="headline"]', { timeout: 20000 });
    assert.match(await headline.text(), /^Kell reservoir at 25/);
    await s.waitFor('[data-testid="claim-item"]');
    // The left column is read before the right one, and the running header is gone.
    const text = await s.exec(`return document.querySelector('[data-testid="article"]').textContent`);
    assert.ok(text.indexOf("The Valley Water Authority celebrated") < text.indexOf("The Kell scheme was first proposed"), "reading order");
    assert.ok(!text.includes("Valley Water Review 2011"), "no running header");
    // Page numbers in the margin where a page starts: 1, 2, 3 in the story, then the footnotes
    // (kept apart, after the story) say again which page they are from.
    const pages = await s.exec(`return [...document.querySelectorAll('[data-testid="page-number"]')].map(p => p.textContent.trim())`);
    assert.deepEqual(pages.slice(0, 3), ["p. 1", "p. 2", "p. 3"], `pages: ${pages.join(", ")}`);
    // The title's two lines are one headline.
    assert.match(await headline.text(), /names new homes for three retired pumping stations$/);
    const headings = await s.exec(`return [...document.querySelectorAll('[data-testid="article"] h2')].map(h => h.textContent.trim())`);
    assert.equal(headings[0], "Background", `headings: ${headings.join(" | ")}`);
    await screenshot(s, "review-pdf");
  }),
);

test(
  "a scanned PDF gets one clear message and opens nothing",
  withScreenshot("open-scan", async (_t, track) => {
    const s = track(await launch({ args: [pdf("scan.pdf")] }));
    const toast = await s.waitFor('[data-testid="toast"]', { timeout: 20000 });
    assert.match(await toast.text(), /scan\.pdf: .*no text layer: this PDF is a scan/);
    assert.equal(await s.exec(`return document.querySelectorAll('[data-testid="claim-item"]').length`), 0);
  }),
);
