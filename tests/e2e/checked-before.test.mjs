// "Checked before" in the real window: a small fact-check archive imported from the command
// line, an article with a paraphrase of an archived false claim opened, the earlier check shown
// beside the claim with its verdict, adopted with one key, and undone.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, launch, screenshot, stopServices, tempLibrary, withScreenshot } from "./lib/harness.mjs";
import { Keys, pressKey, selectClaim, until } from "./lib/review.mjs";

after(stopServices);

const ARCHIVE = [
  { identifier: "fc-chips", claimReviewed: "COVID-19 vaccines contain microchips that let governments track people.", rating: "False" },
  { identifier: "fc-wind", claimReviewed: "Wind turbines cause cancer in people who live near them.", rating: "False" },
  { identifier: "fc-bridge", claimReviewed: "The Golden Gate Bridge was painted blue in 1950.", rating: "False" },
]
  .map(({ rating, ...r }) =>
    JSON.stringify({
      "@type": "ClaimReview",
      ...r,
      url: `https://fc.example/${r.identifier}`,
      datePublished: "2021-05-02",
      author: { "@type": "Organization", name: "Example Checks" },
      reviewRating: { "@type": "Rating", alternateName: rating },
      reviewBody: "No vaccine contains a microchip.\nMore here.",
    }),
  )
  .join("\n");

const ARTICLE = `Vaccine rumours return

A post shared 20,000 times this week claimed that the COVID-19 vaccines hide microchips so that governments can track people.

The health ministry said 1.2 million people were vaccinated in May, up from 900,000 in April.
`;

test(
  "a paraphrase of an archived false claim shows its earlier check; key a adopts the verdict; undo takes it back",
  withScreenshot("checked-before", async (_t, track) => {
    const dir = mkdtempSync(join(tmpdir(), "factdesk-e2e-checked-"));
    const archive = join(dir, "fact-checks.jsonl");
    writeFileSync(archive, ARCHIVE);
    const article = join(dir, "rumours.txt");
    writeFileSync(article, ARTICLE);
    const db = tempLibrary();
    execFileSync(binary, ["--db", db, "archive", "import", archive]);

    const s = track(await launch({ db, args: [article] }));
    await s.waitFor('[data-testid="claim-item"]');
    const id = await selectClaim(s, "microchips");
    await s.waitFor('[data-testid="checked-before"]');
    const verdict = await (await s.find('[data-testid="checked-before-verdict"]')).text();
    assert.equal(verdict, "False");
    const shown = await (await s.find('[data-testid="checked-before"]')).text();
    assert.match(shown, /Example Checks/, "who checked it");
    assert.match(shown, /2021-05-02/, "when");
    assert.match(shown, /No vaccine contains a microchip\./, "the note's first line");
    assert.doesNotMatch(shown, /More here/, "only the first line");
    assert.ok(
      await s.exec(`return !!document.querySelector('[data-testid="claim-item"][data-claim-id="${id}"] [data-testid="checked-before-mark"]')`),
      "the claim list marks the claim",
    );
    // The filter keeps only claims checked before.
    await (await s.find('[data-testid="filter-checked-before"]')).click();
    await until(s, `return document.querySelectorAll('[data-testid="claim-item"]').length === 1`, { what: "only the matched claim listed" });
    await (await s.find('[data-testid="filter-checked-before"]')).click();
    await screenshot(s, "checked-before");

    await pressKey(s, "a");
    await until(s, `return document.querySelector('[data-testid="claim-item"][data-claim-id="${id}"] [data-status]')?.dataset.status === 'false'`, { what: "status false adopted" });
    await until(s, `return !document.querySelector('[data-testid="claim-detail"]')?.getAttribute('aria-busy')?.includes('true')`, { what: "saved" });
    assert.match(await (await s.find('[data-testid="sources"]')).text(), /https:\/\/fc\.example\/fc-chips/, "the earlier check is a source");

    await s.chord([Keys.CTRL], "z");
    await until(s, `return document.querySelector('[data-testid="claim-item"][data-claim-id="${id}"] [data-status]')?.dataset.status === 'unchecked'`, { what: "undone" });
    await until(s, `return !(document.querySelector('[data-testid="sources"]')?.textContent ?? '').includes('fc.example')`, { what: "undo removed the source too" });
  }),
);
