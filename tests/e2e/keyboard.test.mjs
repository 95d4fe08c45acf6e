// Keys that never touch the wrong claim (issue #16, items 1–3 and 11), pressed as a checker
// presses them: real key events through WebDriver's Actions API, with focus wherever the last
// key left it (no blur between keys, no element.click() standing in for a key).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, sample, stopServices, withScreenshot } from "./lib/harness.mjs";
import { claimItems, Keys, until } from "./lib/review.mjs";

after(stopServices);

/** A short article of our own, with checkable sentences (more than five claims). */
function bridgeArticle() {
  const path = join(mkdtempSync(join(tmpdir(), "factdesk-keys-")), "harbour-bridge.txt");
  writeFileSync(
    path,
    [
      "The Harbour Bridge, one year on",
      "",
      "The city council approved a budget of 4.2 million euros for the harbour bridge in March 2021.",
      "Mayor Lena Ortiz said the bridge would carry 30,000 cars a day.",
      "Construction began on 12 May 2022, two months later than planned.",
      "The contractor, Nordbau, has built 14 bridges in the region since 1998.",
      "Traffic on the old ferry fell by 40 percent in the first year.",
      "The bridge is 1.8 kilometres long, the longest in the province.",
      "According to the transport ministry, accidents on the coast road dropped from 52 to 31.",
      "The council expects the toll to raise 900,000 euros a year by 2026.",
      "",
    ].join("\n"),
  );
  return path;
}

/** About 2,400 words of our own: 24 paragraphs of five sentences, most of them checkable. */
function longArticle() {
  const names = ["Mayor Lena Ortiz", "The finance office", "Councillor Tom Reyes", "The regional audit", "Harbour director Aino Berg", "The transport ministry"];
  const things = ["the bridge", "the ferry service", "the coast road", "the new school", "the water plant", "the port"];
  const paras = ["The valley in numbers", ""];
  let k = 0;
  for (let p = 0; p < 24; p++) {
    const sentences = [];
    for (let i = 0; i < 5; i++, k++) {
      const who = names[k % names.length];
      const what = things[(k * 7) % things.length];
      sentences.push(
        i === 4
          ? `Residents along the quiet western shore, where the old fishing huts still stand, went about their usual business that week.`
          : `${who} said ${what} cost ${(k % 9) + 2}.${k % 10} million euros in ${1990 + (k % 33)}, which was ${(k % 40) + 5} percent more than the council had planned for it.`,
      );
    }
    paras.push(sentences.join(" "), "");
  }
  const path = join(mkdtempSync(join(tmpdir(), "factdesk-triage-")), "valley-in-numbers.txt");
  writeFileSync(path, paras.join("\n"));
  return path;
}

const active = (s) => s.exec(`const a = document.activeElement; return a ? (a.dataset.testid ?? a.id ?? a.tagName) : null`);
const selected = (s) => s.exec(`return document.querySelector('[data-testid="claim-item"][aria-current="true"]')?.dataset.claimId ?? null`);
const detailId = (s) => s.exec(`return document.querySelector('[data-testid="claim-detail"]')?.dataset.claimId ?? null`);
const inForm = (s) => s.exec(`return !!document.activeElement?.closest('form, [data-testid="source-form"], textarea, input')`);

/** The window with the sample open, focus on the page (as after opening it). */
async function sampleOpen(track) {
  const s = track(await launch({ args: [sample] }));
  await s.waitFor('[data-testid="claim-item"][aria-current="true"]');
  return s;
}

/** Opens an article of the library by a word of its title, with the mouse. */
async function openFromLibrary(s, title) {
  await s.chord([Keys.CTRL], "l");
  await s.waitFor('[data-testid="library-article"]');
  const id = await until(
    s,
    `const b = [...document.querySelectorAll('[data-testid="library-article"]')].find(b => b.textContent.includes(${JSON.stringify(title)}));
     if (b) b.dataset.e2e = 'pick'; return !!b;`,
    { what: `library entry "${title}"` },
  );
  assert.ok(id);
  await (await s.find('[data-testid="library-article"][data-e2e="pick"]')).click();
  await until(s, `return document.querySelector('[data-testid="topbar-title"]')?.textContent.includes(${JSON.stringify(title)})`, { what: `${title} open` });
  await s.waitFor('[data-testid="claim-item"][aria-current="true"]');
}

test(
  "Esc leaves the note: the next key sets the status instead of typing into the note",
  withScreenshot("esc-note", async (_t, track) => {
    const s = await sampleOpen(track);
    const id = await selected(s);
    await s.keys("n");
    await until(s, `return document.activeElement?.dataset.testid === 'note'`, { what: "n focuses the note" });
    await s.keys("abc");
    await s.keys(Keys.ESC);
    assert.notEqual(await active(s), "note", "Esc left the note");
    await s.keys("3");
    await until(s, `return document.querySelector('[data-claim-id="${id}"] [data-status]')?.dataset.status === 'disputed'`, { what: "3 after Esc disputes the claim" });
    // The note holds what was typed, and nothing more.
    await s.keys("k");
    await until(s, `return document.querySelector('[data-testid="claim-detail"]')?.dataset.claimId === '${id}'`, { what: "back on the claim" });
    await until(s, `return document.querySelector('[data-testid="note-state"]')?.dataset.state === 'saved'`);
    assert.equal(await s.exec(`return document.querySelector('[data-testid="note"]').value`), "abc");
  }),
);

test(
  "Esc leaves Find in article: the next j moves to the next claim",
  withScreenshot("esc-find", async (_t, track) => {
    const s = await sampleOpen(track);
    const first = await selected(s);
    await s.keys("/");
    await until(s, `return document.activeElement?.dataset.testid === 'find'`, { what: "/ focuses find" });
    await s.keys("Hanoi");
    await s.keys(Keys.ENTER);
    await s.keys(Keys.ESC);
    await s.keys("j");
    await until(s, `const c = document.querySelector('[data-testid="claim-item"][aria-current="true"]'); return c && c.dataset.claimId !== '${first}'`, { what: "j moved the selection" });
    assert.ok(!(await s.exec(`return document.querySelector('[data-testid="find"]').value.includes('j')`)), "no j typed into find");
    assert.notEqual(await active(s), "find");
  }),
);

test(
  "Esc closes the Add-source form and leaves no focus inside it",
  withScreenshot("esc-source", async (_t, track) => {
    const s = await sampleOpen(track);
    const first = await selected(s);
    await s.keys("s");
    await until(s, `return document.activeElement?.dataset.testid === 'source-title'`, { what: "s opens the form, focus in Title" });
    await s.keys("Reu");
    await s.keys(Keys.ESC);
    await until(s, `return !document.querySelector('[data-testid="source-form"]')`, { what: "the form closed" });
    assert.equal(await inForm(s), false);
    await s.keys("j");
    await until(s, `const c = document.querySelector('[data-testid="claim-item"][aria-current="true"]'); return c && c.dataset.claimId !== '${first}'`, { what: "j moved the selection" });
    assert.equal((await claimItems(s)).find((c) => c.id === first)?.status, "unchecked");
  }),
);

test(
  "a source added with s and Enter closes its form for good: the next article opens without it",
  withScreenshot("source-form-stays-closed", async (_t, track) => {
    const s = track(await launch({ args: [bridgeArticle(), sample] }));
    await until(s, `return document.querySelector('[data-testid="topbar-title"]')?.textContent.includes('Trump')`, { timeout: 20000, what: "the sample open" });
    await s.waitFor('[data-testid="claim-item"][aria-current="true"]');
    await s.keys("s");
    await until(s, `return document.activeElement?.dataset.testid === 'source-title'`, { what: "s opens the form" });
    await s.keys("Reuters");
    await s.keys(Keys.ENTER);
    await s.waitFor('[data-testid="source"]', { text: "Reuters" });
    await until(s, `return !document.querySelector('[data-testid="source-form"]')`, { what: "the form closed after saving" });
    assert.equal(await inForm(s), false, "focus left the closed form");
    await openFromLibrary(s, "Harbour Bridge");
    assert.equal(await s.exec(`return !!document.querySelector('[data-testid="source-form"]')`), false, "no form opened by itself");
    const first = await selected(s);
    await s.keys("j");
    await until(s, `const c = document.querySelector('[data-testid="claim-item"][aria-current="true"]'); return c && c.dataset.claimId !== '${first}'`, { what: "j moves, not typed" });
  }),
);

test(
  "opening another article selects its first claim and shows it: 3 disputes the claim on screen",
  withScreenshot("switch-article", async (_t, track) => {
    const s = track(await launch({ args: [bridgeArticle(), sample] }));
    await until(s, `return document.querySelector('[data-testid="topbar-title"]')?.textContent.includes('Trump')`, { timeout: 20000, what: "the sample open" });
    await s.waitFor('[data-testid="claim-item"][aria-current="true"]');
    for (let i = 0; i < 4; i++) await s.keys("j");
    const inA = await selected(s);
    assert.equal((await claimItems(s)).findIndex((c) => c.id === inA), 4, "the fifth claim of A");

    await openFromLibrary(s, "Harbour Bridge");
    const items = await claimItems(s);
    assert.ok(items.length >= 5, `B has ${items.length} claims`);
    assert.equal(await selected(s), items[0].id, "B's first claim is selected");
    assert.equal(await detailId(s), items[0].id, "and the detail shows it");
    const quote = await s.exec(`return document.querySelector('[data-testid="claim-detail"] .quote').textContent`);
    assert.equal(quote, items[0].text, "the detail shows B's claim, not A's");
    await s.keys("3");
    await until(s, `return document.querySelector('[data-claim-id="${items[0].id}"] [data-status]')?.dataset.status === 'disputed'`, { what: "B's first claim disputed" });
    const after = await claimItems(s);
    assert.deepEqual(after.filter((c) => c.status === "disputed").map((c) => c.id), [items[0].id], "only the claim on screen changed");
  }),
);

test(
  "triage: one key per claim sets every status of a 2,400-word article, and gg, G, u and U move as the sheet says",
  withScreenshot("triage", async (_t, track) => {
    const s = track(await launch({ args: [longArticle()] }));
    await s.waitFor('[data-testid="claim-item"][aria-current="true"]');
    const n = await s.exec(`return Number(document.querySelector('[data-testid="claim-count"]').textContent.match(/of (\\d+)/)[1])`);
    assert.ok(n >= 60, `the article has ${n} proposals`);
    const started = Date.now();
    let presses = 0;
    // Every third claim disputed, the others verified: one key each, no j between. The list
    // shows a window of claims, so each claim is checked as the selected one before its key.
    const ids = [];
    for (let i = 0; i < n; i++) {
      const id = await selected(s);
      assert.ok(id && !ids.includes(id), `claim ${i + 1} is a new one`);
      ids.push(id);
      const want = i % 3 === 0 ? "disputed" : "verified";
      presses++;
      await s.keys(i % 3 === 0 ? "3" : "2");
      await until(s, `return document.querySelector('[data-testid="claim-item"][data-claim-id="${id}"] [data-status]')?.dataset.status === '${want}' && (${i === n - 1} || document.querySelector('[data-testid="claim-item"][aria-current="true"]')?.dataset.claimId !== '${id}')`, { what: `claim ${i + 1} set and moved on` });
    }
    assert.equal(presses, n, "one key per claim");
    console.log(`triage: ${n} claims, ${presses} key presses, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await until(s, `return document.querySelector('[data-testid="progress"]').getAttribute('aria-label').includes('${n} of ${n} claims checked')`, { what: "all checked" });
    const first = ids[0];
    const last = ids[n - 1];

    // gg: the top, in two presses; G: the bottom.
    await s.keys("gg");
    await until(s, `return document.querySelector('[data-testid="claim-item"][aria-current="true"]')?.dataset.claimId === '${first}'`, { what: "gg to the first claim" });
    await s.keys("G");
    await until(s, `return document.querySelector('[data-testid="claim-item"][aria-current="true"]')?.dataset.claimId === '${last}'`, { what: "G to the last claim" });
    await s.keys("\uE011"); // Home
    await until(s, `return document.querySelector('[data-testid="claim-item"][aria-current="true"]')?.dataset.claimId === '${first}'`, { what: "Home to the first claim" });

    // u / U: the next and previous unchecked claims. Claim 2 back to unchecked first.
    await s.keys("j");
    await s.keys("1");
    await until(s, `return document.querySelector('[data-claim-id="${ids[1]}"] [data-status]')?.dataset.status === 'unchecked'`, { what: "claim 2 unchecked" });
    await s.keys("\uE010"); // End
    await until(s, `return document.querySelector('[data-testid="claim-item"][aria-current="true"]')?.dataset.claimId === '${last}'`, { what: "End to the last claim" });
    await s.keys("U");
    await until(s, `return document.querySelector('[data-testid="claim-item"][aria-current="true"]')?.dataset.claimId === '${ids[1]}'`, { what: "U to the unchecked claim above" });
    await s.keys("gg");
    await s.keys("u");
    await until(s, `return document.querySelector('[data-testid="claim-item"][aria-current="true"]')?.dataset.claimId === '${ids[1]}'`, { what: "u to the unchecked claim below" });
  }),
);

test(
  "the shortcut sheet lists the new keys",
  withScreenshot("sheet", async (_t, track) => {
    const s = await sampleOpen(track);
    await s.keys("?");
    const sheet = await s.waitFor('[data-testid="shortcuts"]');
    const text = await sheet.text();
    for (const k of ["g g / G", "u / U", "Esc", "Ctrl+Q", "Ctrl+P"]) assert.ok(text.includes(k), `${k} on the sheet`);
    await s.keys(Keys.ESC);
    await until(s, `return !document.querySelector('[data-testid="shortcuts"]')`, { what: "Esc closes the sheet" });
  }),
);
