import { after, test } from "node:test";
import assert from "node:assert/strict";
import { launch, sample, screenshot, stopServices, withScreenshot } from "./lib/harness.mjs";

after(stopServices);

test(
  "launching with the sample article shows its headline and first paragraph",
  withScreenshot("open-sample", async (_t, track) => {
    const s = track(await launch({ args: [sample] }));
    const headline = await s.waitFor('[data-testid="headline"]');
    assert.equal(await headline.text(), "Trump Said To Be Weighing Direct Talks With North Korea’s Kim");
    const article = await s.waitFor('[data-testid="article"]', { text: "three meetings with North Korea’s Kim Jong Un" });
    assert.match(await article.text(), /The First was in Hanoi/);
    await screenshot(s, "review-sample");
  }),
);

test(
  "a file that cannot be opened shows a readable message and the window stays usable",
  withScreenshot("open-missing", async (_t, track) => {
    const s = track(await launch({ args: ["/nonexistent/article.txt"] }));
    const toast = await s.waitFor('[data-testid="toast"]');
    assert.match(await toast.text(), /article\.txt: no such file/);
    const open = await s.find('[data-testid="open-button"]');
    assert.equal(await open.text(), "Open…");
  }),
);
