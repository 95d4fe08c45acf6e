// Accessibility of the main screens, checked by axe-core inside the real window: no serious
// or critical violation of WCAG 2 A/AA on the library, the review screen, the report and the dialogs.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, repo, sample, stopServices, withScreenshot } from "./lib/harness.mjs";
import { pressKey, selectClaim } from "./lib/review.mjs";

after(stopServices);

const axeSource = readFileSync(join(repo, "ui/node_modules/axe-core/axe.min.js"), "utf8");

async function audit(s, where) {
  await s.exec(axeSource + "\n;window.__axe = axe;");
  const result = await s.execAsync(`const done = arguments[arguments.length - 1];
    window.__axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))
      .catch(e => done([{ id: 'axe-failed', impact: 'critical', help: String(e), nodes: [] }]));`);
  const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `${where}: ${JSON.stringify(bad, null, 1)}`);
  return result;
}

test(
  "library, review screen and dialogs have no serious or critical axe violations",
  withScreenshot("a11y", async (_t, track) => {
    const s = track(await launch({ args: [sample] }));
    await s.waitFor('[data-testid="claim-item"]');
    await selectClaim(s, "The First was in Hanoi");
    await pressKey(s, "3");
    await audit(s, "review screen");
    await pressKey(s, "?");
    await s.waitFor('[data-testid="shortcuts"]');
    await audit(s, "shortcut sheet");
    await s.exec(`document.querySelector('[data-testid="shortcuts"]').close()`);
    await (await s.find('[data-testid="report-button"]')).click();
    await s.waitFor('[data-testid="report-claim"]');
    await audit(s, "verdict report");
    await (await s.find('[data-testid="go-library"]')).click();
    await s.waitFor('[data-testid="library-article"]');
    await audit(s, "library");
  }),
);
