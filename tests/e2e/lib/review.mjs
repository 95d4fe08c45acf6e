// Steps the review tests share, written as a checker would do them.
import { Keys, sleep } from "./webdriver.mjs";

/** The claim list items, as {id, text, status}. */
export async function claimItems(s) {
  return s.exec(`return [...document.querySelectorAll('[data-testid="claim-item"]')].map(b => ({
    id: b.dataset.claimId,
    text: b.querySelector('.text')?.textContent ?? '',
    status: b.querySelector('[data-status]')?.dataset.status ?? null,
  }))`);
}

/** Clicks the claim whose text contains `needle`; returns its id. */
export async function selectClaim(s, needle) {
  const items = await claimItems(s);
  const item = items.find((c) => c.text.includes(needle));
  if (!item) throw new Error(`no claim containing "${needle}" among ${items.length}: ${items.map((c) => c.text.slice(0, 40)).join(" | ")}`);
  const el = await s.find(`[data-testid="claim-item"][data-claim-id="${item.id}"]`);
  await el.click();
  await s.waitFor(`[data-testid="claim-detail"][data-claim-id="${item.id}"]`);
  return item.id;
}

/** Presses a key with focus on the page body (not in a field). */
export async function pressKey(s, key) {
  await s.exec("if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();");
  await s.keys(key);
}

/** Waits until `fn` (a page script returning a value) returns something truthy. */
export async function until(s, script, { timeout = 8000, what = script } = {}) {
  const end = Date.now() + timeout;
  let v;
  while (Date.now() < end) {
    v = await s.exec(script);
    if (v) return v;
    await sleep(80);
  }
  throw new Error(`timed out waiting for: ${what} (last: ${JSON.stringify(v)})`);
}

export async function claimStatus(s, id) {
  return s.exec(`return document.querySelector('[data-testid="claim-item"][data-claim-id="${id}"] [data-status]')?.dataset.status ?? null`);
}

export async function typeNote(s, text) {
  const note = await s.find('[data-testid="note"]');
  await note.click();
  await note.type(text);
  await until(s, `return document.querySelector('[data-testid="note-state"]')?.dataset.state === 'saved'`, { what: "note saved" });
}

export async function addSource(s, { title, location }) {
  await (await s.find('[data-testid="add-source"]')).click();
  await (await s.waitFor('[data-testid="source-title"]')).type(title);
  await (await s.find('[data-testid="source-location"]')).type(location);
  await (await s.find('[data-testid="source-save"]')).click();
  await s.waitFor('[data-testid="source"]', { text: title });
}

export { Keys, sleep };
