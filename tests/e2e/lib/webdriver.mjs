// A minimal W3C WebDriver client over fetch: enough to drive the real Factdesk window through
// tauri-driver and WebKitWebDriver without pulling a browser-automation framework.
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async create(base, capabilities) {
    const res = await request(base, "POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, res.sessionId);
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  async delete() {
    await this.cmd("DELETE", "").catch(() => {});
  }

  /** Runs `script` (a function body) in the page; `arguments` holds `args`. */
  exec(script, ...args) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Like exec, for scripts that call `arguments[arguments.length - 1](result)`. */
  execAsync(script, ...args) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  async find(css) {
    const el = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return new Element(this, el[ELEMENT]);
  }

  async findAll(css) {
    const els = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return els.map((e) => new Element(this, e[ELEMENT]));
  }

  /** Waits until `css` matches an element (and `pred(el)` holds); returns it. */
  async waitFor(css, { timeout = 10000, text } = {}) {
    const until = Date.now() + timeout;
    let last;
    while (Date.now() < until) {
      try {
        const el = await this.find(css);
        if (text === undefined || (await el.text()).includes(text)) return el;
      } catch (e) {
        last = e;
      }
      await sleep(100);
    }
    throw new WebDriverError(`timed out after ${timeout} ms waiting for ${css}${text ? ` with "${text}"` : ""}: ${last?.message ?? "text did not match"}`);
  }

  /** Sends keys to the focused element (WebDriver key codes for special keys, e.g. "\uE009" Ctrl). */
  async keys(value) {
    const actions = [];
    for (const ch of value) actions.push({ type: "keyDown", value: ch }, { type: "keyUp", value: ch });
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "kb", actions }] });
  }

  /** Presses `key` while holding modifiers (e.g. chord(["\uE009"], "z") for Ctrl+Z). */
  async chord(mods, key) {
    const actions = [
      ...mods.map((m) => ({ type: "keyDown", value: m })),
      { type: "keyDown", value: key },
      { type: "keyUp", value: key },
      ...mods.map((m) => ({ type: "keyUp", value: m })),
    ];
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "kb", actions }] });
    await this.cmd("DELETE", "/actions");
  }

  async screenshot() {
    return Buffer.from(await this.cmd("GET", "/screenshot"), "base64");
  }
}

export class Element {
  constructor(session, id) {
    this.s = session;
    this.id = id;
  }
  text() {
    return this.s.cmd("GET", `/element/${this.id}/text`);
  }
  click() {
    return this.s.cmd("POST", `/element/${this.id}/click`, {});
  }
  type(text) {
    return this.s.cmd("POST", `/element/${this.id}/value`, { text });
  }
  clear() {
    return this.s.cmd("POST", `/element/${this.id}/clear`, {});
  }
  attr(name) {
    return this.s.cmd("GET", `/element/${this.id}/attribute/${name}`);
  }
  get ref() {
    return { [ELEMENT]: this.id };
  }
}

export const Keys = { CTRL: "\uE009", SHIFT: "\uE008", ENTER: "\uE007", ESC: "\uE00C", TAB: "\uE004" };

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function request(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body ? { "content-type": "application/json" } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || json.value?.error) {
    throw new WebDriverError(`${method} ${path}: ${json.value?.error ?? res.status} ${json.value?.message ?? ""}`.trim());
  }
  return json.value;
}
