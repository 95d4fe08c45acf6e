// Hard crashes, a damaged library and bad files, in the real window: nothing the window showed
// as saved is lost, a damaged library is never overwritten, and a bad file changes nothing.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, writeSync, closeSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { binary, launch, sample, screenshot, stopServices, tempLibrary, withScreenshot } from "./lib/harness.mjs";
import { claimItems, pressKey, until } from "./lib/review.mjs";
import { sleep } from "./lib/webdriver.mjs";

after(stopServices);

const cli = (db, ...args) => execFileSync(binary, ["--db", db, ...args], { encoding: "utf8" });

function killApp(db) {
  // The app was started by WebKitWebDriver as `factdesk --db DB …`: SIGKILL it, no goodbye.
  const pids = execFileSync("pgrep", ["-f", `${binary} --db ${db}`], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  assert.ok(pids.length > 0, "the app process was found");
  for (const pid of pids) process.kill(Number(pid), "SIGKILL");
}

test(
  "SIGKILL during a burst of status changes and note edits loses nothing the window showed as saved",
  withScreenshot("crash", async (_t, track) => {
    const db = tempLibrary();
    const s = track(await launch({ db, args: [sample] }));
    await s.waitFor('[data-testid="claim-item"]');
    const n = (await claimItems(s)).length;
    // A burst: for every claim a status key, and for every third a note, as fast as the keyboard goes.
    const keys = ["2", "3", "4", "5"];
    for (let i = 0; i < n; i++) {
      await pressKey(s, keys[i % keys.length]);
      if (i % 3 === 0) {
        await s.exec(`const t = document.querySelector('[data-testid="note"]'); t.focus(); t.value = 'note ${i} ✓ — checked'; t.dispatchEvent(new Event('input', { bubbles: true })); t.blur();`);
      }
      // No j: a status key moves on to the next claim by itself ("next after status", the default).
    }
    await sleep(150); // let in-flight saves finish or not: whatever the window says now is the claim
    // A status is drawn at once and saved after: an item still saving is aria-busy.
    const shown = await s.exec(`return [...document.querySelectorAll('[data-testid="claim-item"]:not([aria-busy="true"])')].map(b => ({
      id: b.dataset.claimId, status: b.querySelector('[data-status]').dataset.status }))`);
    assert.ok(shown.length >= n - 2, `claims shown as saved: ${shown.length} of ${n}`);
    killApp(db);
    const stored = JSON.parse(cli(db, "claims", "a1", "--json"));
    const byId = new Map(stored.map((c) => [c.id, c]));
    for (const c of shown) assert.equal(byId.get(c.id)?.status, c.status, `claim ${c.id}: the window showed ${c.status} as saved`);
    const notes = stored.filter((c) => /^note \d+ ✓ — checked$/.test(c.note)).length;
    assert.ok(notes >= Math.floor(n / 3), `notes saved: ${notes}`);
  }),
);

test(
  "a damaged library is reported, left as it was, and can be replaced by its backup",
  withScreenshot("damaged-library", async (_t, track) => {
    const db = tempLibrary();
    cli(db, "import", sample);
    cli(db, "list"); // the first open of the day with articles in it takes the daily backup
    assert.ok(readdirSync(join(dirname(db), "backups")).some((f) => /^library-\d{8}\.sqlite3$/.test(f)), "a daily backup exists");
    // Garbage over the header: the file is no longer a database.
    const fd = openSync(db, "r+");
    writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
    closeSync(fd);
    const damaged = readFileSync(db);
    const s = track(await launch({ db }));
    const banner = await s.waitFor('[data-testid="library-problem"]');
    assert.match(await banner.text(), /damaged/);
    assert.ok(readFileSync(db).equals(damaged), "the damaged file was not touched");
    await screenshot(s, "damaged-library");
    await (await s.find('[data-testid="restore-backup"]')).click();
    await s.waitFor('[data-testid="library-article"]', { text: "Trump Said To Be Weighing" });
  }),
);

test(
  "bad files opened in the window each show their message and leave the library as it was",
  withScreenshot("bad-files", async (_t, track) => {
    const dir = mkdtempSync(join(tmpdir(), "factdesk-bad-"));
    const bad = {
      "empty.txt": Buffer.alloc(0),
      "photo.png": Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex"),
      "not-a-zip.docx": Buffer.from("this is not a zip archive at all"),
      "binary.bin": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    };
    for (const [name, bytes] of Object.entries(bad)) writeFileSync(join(dir, name), bytes);
    mkdirSync(join(dir, "a-folder.txt"));
    const files = [...Object.keys(bad), "a-folder.txt", "missing.txt"].map((f) => join(dir, f));
    const db = tempLibrary();
    cli(db, "import", sample);
    const before = cli(db, "list", "--json");
    for (let i = 0; i < files.length; i += 3) {
      const batch = files.slice(i, i + 3);
      const s = track(await launch({ db, args: batch }));
      // Every file's message is shown (at most two toasts: errors beyond that share one, a line each).
      const names = JSON.stringify(batch.map((f) => basename(f)));
      await until(s, `const t = [...document.querySelectorAll('[data-testid="toast"]')].map(t => t.textContent).join("\\n"); return ${names}.every(n => t.includes(n))`, { what: `${batch.length} messages` });
      const texts = await s.exec(`return [...document.querySelectorAll('[data-testid="toast"]')].map(t => t.textContent)`);
      for (const f of batch) assert.ok(texts.some((t) => t.includes(f)), `a message names ${f}: ${texts.join(" | ")}`);
      await screenshot(s, `bad-files-${i / 3 + 1}`);
      await s.delete();
    }
    assert.equal(cli(db, "list", "--json"), before, "the library is as it was");
  }),
);
