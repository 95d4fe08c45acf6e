// The verdict report on paper (issue #16): `factdesk report` writes one self-contained HTML page,
// and printing it (here headless Chromium's print, the same engine family as a browser's print
// dialog; WebKitWebDriver has no Print command) gives clean pages: the counts, every checked
// claim whole on one page, no script, no window chrome. Checked with pdftotext and pdftoppm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artifacts, binary, sample } from "./lib/harness.mjs";

const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);

test("the verdict report prints to PDF: counts, each checked claim whole on a page, nothing else", (t) => {
  if (!chromium) {
    t.skip("no Chromium to print with (scripts/setup.sh test installs Debian's chromium)");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "factdesk-report-"));
  const env = { ...process.env, FACTDESK_DB: join(dir, "library.sqlite3") };
  const cli = (...args) => execFileSync(binary, args, { env, encoding: "utf8" });
  cli("import", sample);
  cli("checker", "Ana Checker");
  const claims = JSON.parse(cli("claims", "a1", "--json"));
  const hanoi = claims.find((c) => c.anchor.quote.includes("Hanoi"));
  assert.ok(hanoi, "the sample's Hanoi claim");
  cli("tag", "a1", hanoi.id, "disputed");
  cli("note", "a1", hanoi.id, "The first summit was in Singapore in June 2018; Hanoi was the second.");
  const others = claims.filter((c) => c.id !== hanoi.id).slice(0, 6);
  others.forEach((c, i) => cli("tag", "a1", c.id, ["verified", "false", "unverifiable"][i % 3]));
  const html = join(dir, "report.html");
  cli("report", "a1", "-o", html);
  assert.ok(!/<script/i.test(readFileSync(html, "utf8")), "no script in the report");

  const pdf = join(dir, "report.pdf");
  execFileSync(chromium, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", `--user-data-dir=${join(dir, "chromium")}`, "--no-pdf-header-footer",
    `--print-to-pdf=${pdf}`, `file://${html}`,
  ], { stdio: "ignore", timeout: 60000 });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))?.[1]);
  assert.ok(pages >= 1 && pages <= 4, `pages: ${pages}`);
  const pageTexts = Array.from({ length: pages }, (_, i) =>
    execFileSync("pdftotext", ["-f", String(i + 1), "-l", String(i + 1), pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, " "));
  const all = pageTexts.join(" ");
  assert.match(all, /FACT-CHECK REPORT/i);
  assert.match(all, /Ana Checker/);
  assert.match(all, /Singapore in June 2018/);
  // Each checked claim's text sits whole on one page: the print style keeps a claim together.
  for (const c of [hanoi, ...others]) {
    const words = c.anchor.quote.replace(/\s+/g, " ").trim().split(" ");
    const head = words.slice(0, 5).join(" ");
    const tail = words.slice(-4).join(" ");
    const page = pageTexts.findIndex((p) => p.includes(head));
    assert.ok(page >= 0, `claim ${c.id} is in the report: ${head}`);
    assert.ok(pageTexts[page].includes(tail), `claim ${c.id} ends on the page it starts on (${page + 1}): ${tail}`);
  }
  assert.ok(!/Find in article|Back to the claims|Export…/.test(all), "no window chrome on paper");

  // Look at the first page: rendered, and not blank.
  mkdirSync(artifacts, { recursive: true });
  const png = join(artifacts, "report-page");
  execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, png]);
  const mean = Number(execFileSync("convert", [`${png}.png`, "-colorspace", "Gray", "-format", "%[fx:mean]", "info:"], { encoding: "utf8" }));
  assert.ok(mean > 0.5 && mean < 0.99, `the page has ink on paper (mean grey ${mean})`);
});
