// No script from article content, ever: every payload in tests/fixtures/hostile/payloads.txt,
// in a text, Markdown, HTML and Word article, and in a note and a source, is opened, shown,
// edited around and exported in the real window. A canary the payloads try to call must never
// fire, the article must hold only Factdesk's own elements, and the text must stay visible.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, fixtures, launch, screenshot, stopServices, tempLibrary, withScreenshot } from "./lib/harness.mjs";
import { addSource, pressKey, typeNote, until } from "./lib/review.mjs";
import { Keys } from "./lib/webdriver.mjs";

const lines = readFileSync(join(fixtures, "hostile/payloads.txt"), "utf8").split("\n");
const payloads = lines.filter((l) => l.trim());
const dir = mkdtempSync(join(tmpdir(), "factdesk-hostile-"));
const files = {};

before(() => {
  assert.ok(payloads.length >= 60, `the corpus has ${payloads.length} payloads`);
  const body = payloads.map((p, i) => `Paragraph ${i + 1} says ${p} and the minister said 42 people attended.`);
  files.txt = join(dir, "hostile.txt");
  writeFileSync(files.txt, ["Headline <script>__canary('headline')</script>", ...body].join("\n"));
  files.md = join(dir, "hostile.md");
  writeFileSync(files.md, ["# Headline <img src=x onerror=__canary('md-headline')>", "", lines.join("\n"), "", ...body.map((b) => b + "\n")].join("\n"));
  files.html = join(dir, "hostile.html");
  writeFileSync(
    files.html,
    `<!doctype html><html><head><title>Headline <script>__canary('title')</script></title>
<meta property="og:title" content="&quot;><script>__canary('og')</script>">
<script>__canary('head-script')</script></head>
<body onload="__canary('body')"><nav><a href="javascript:__canary('nav')">Home</a></nav>
<article><h1 onclick="__canary('h1')">Officials said 42 people attended <img src=x onerror=__canary('h1-img')></h1>
${payloads.map((p, i) => `<p title="${p.replaceAll('"', "&quot;")}">Paragraph ${i + 1}: the ministry reported 42 cases. ${p}</p>`).join("\n")}
</article></body></html>`,
  );
  files.docx = join(dir, "hostile.docx");
  // Word runs carrying the payloads as literal text (pandoc writes them as runs).
  execFileSync("pandoc", ["-f", "commonmark-raw_html", "-o", files.docx, files.txt]);
});

after(stopServices);

async function armCanary(s) {
  await s.exec(`window.__fired = []; window.__canary = (n) => window.__fired.push(String(n));`);
}

/** Only Factdesk's own kinds of element, and no handler or script URL on any of them. */
async function assertNoForeignElements(s, root, where) {
  const foreign = await s.exec(
    `const allowed = new Set(['SECTION','ARTICLE','HEADER','H1','H2','P','BLOCKQUOTE','PRE','MARK','SPAN','TIME','DIV','UL','OL','LI','BUTTON','INPUT','LABEL','TEXTAREA','SELECT','OPTION','FORM','KBD','B','EM','DETAILS','SUMMARY']);
     const r = document.querySelector(arguments[0]);
     if (!r) return ['missing ' + arguments[0]];
     return [r, ...r.querySelectorAll('*')]
       .filter(e => !allowed.has(e.tagName) || [...e.attributes].some(a => a.name.startsWith('on') || /^\\s*(javascript|data|vbscript):/i.test(a.value)))
       .map(e => e.outerHTML.slice(0, 100));`,
    root,
  );
  assert.deepEqual(foreign, [], `${where}: foreign elements`);
}

async function assertClean(s, where) {
  const fired = await s.exec("return window.__fired ?? ['canary was removed']");
  assert.deepEqual(fired, [], `${where}: payloads ran: ${fired}`);
  await assertNoForeignElements(s, '[data-testid="article"]', where);
  await assertNoForeignElements(s, '[data-testid="claim-detail"]', `${where} claim panel`);
  const title = await s.exec("return document.title");
  assert.equal(title, "Factdesk", `${where}: the window title was changed`);
}

for (const kind of ["txt", "md", "html", "docx"]) {
  test(
    `hostile ${kind} article: shown as text, nothing runs`,
    withScreenshot(`hostile-${kind}`, async (_t, track) => {
      if (kind === "docx" && !existsSync(files.docx)) throw new Error("pandoc did not write the docx fixture");
      // Imported from the command line first, so the canary is armed before the article is
      // shown: the window then opens it from the library, as a checker would.
      const db = tempLibrary();
      execFileSync(binary, ["--db", db, "import", files[kind]], { stdio: "pipe" });
      const s = track(await launch({ db }));
      const entry = await s.waitFor('[data-testid="library-article"]');
      await assertNoForeignElements(s, '[data-testid="library"]', `${kind} library`);
      await armCanary(s);
      await entry.click();
      await s.waitFor('[data-testid="claim-item"]', { timeout: 15000 });
      const text = await (await s.find('[data-testid="article"]')).text();
      assert.match(text, /42/);
      if (kind === "txt") {
        // Runs of spaces fold to one on import, as everywhere else in Factdesk.
        const fold = (x) => x.replace(/\s+/g, " ").trim();
        const shown = fold(text);
        for (const p of payloads) assert.ok(shown.includes(fold(p)), `payload not visible as text: ${p}`);
      }
      // Edit around it: status, then a note and a source made of payloads.
      await s.exec(`document.querySelector('[data-testid="claim-item"]').click()`);
      await pressKey(s, "3");
      await typeNote(s, payloads.slice(0, 12).join(" "));
      await addSource(s, { title: payloads[3], location: "javascript:__canary('source-url')" });
      const src = await (await s.find('[data-testid="sources"]')).text();
      assert.ok(src.includes(payloads[3]), "the source title is shown as text");
      assert.equal(await s.exec(`return [...document.querySelectorAll('[data-testid="source"] button')].some(b => b.textContent === 'Open link')`), false, "no Open link for a javascript: URL");
      await s.chord([Keys.CTRL], "e");
      const out = join(dir, `export-${kind}.md`);
      const path = await s.waitFor('[data-testid="export-path"]');
      await path.clear();
      await path.type(out);
      await (await s.find('[data-testid="export-save"]')).click();
      await s.waitFor('[data-testid="toast"]', { text: "Exported to" });
      await until(s, "return true");
      await assertClean(s, kind);
      await screenshot(s, `hostile-${kind}`);
    }),
  );
}
