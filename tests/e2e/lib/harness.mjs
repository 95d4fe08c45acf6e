// Starts what the end-to-end tests need (Xvfb, tauri-driver) and opens the real Factdesk
// window on a throw-away library. Saves a screenshot of the window when a test fails.
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Session, sleep } from "./webdriver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "../../..");
export const artifacts = join(repo, "tests/e2e/artifacts");
export const fixtures = join(repo, "tests/fixtures");
export const binary = process.env.FACTDESK_BIN
  ? resolve(process.env.FACTDESK_BIN)
  : join(process.env.CARGO_TARGET_DIR ?? join(repo, "target"), "release/factdesk");
export const sample = join(fixtures, "sample/trump-kim.txt");

// Ports and display are picked free on each run, so two test runs on one machine (CI beside a
// developer's run) never talk to each other's driver or window.
let PORT = 0;
let services = null;

function freePort() {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => done(port));
    });
  });
}

function freeDisplay() {
  for (let n = 90 + (process.pid % 50); n < 400; n++) {
    if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return `:${n}`;
  }
  throw new Error("no free X display between :90 and :399");
}

function which(cmd) {
  try {
    return execFileSync("sh", ["-c", `command -v ${cmd}`]).toString().trim();
  } catch {
    return null;
  }
}

async function waitForPort(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  throw new Error(`tauri-driver did not answer at ${url} within ${ms} ms`);
}

/** Xvfb and tauri-driver, started once per test file and stopped by `stopServices`. */
export async function startServices() {
  if (services) return services;
  if (!existsSync(binary)) throw new Error(`no app binary at ${binary}: run \`make app\` first`);
  const home = mkdtempSync(join(tmpdir(), "factdesk-e2e-home-"));
  const env = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, "data"),
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_CACHE_HOME: join(home, "cache"),
    NO_AT_BRIDGE: "1",
  };
  const procs = [];
  if (!process.env.DISPLAY || process.env.FACTDESK_E2E_XVFB === "1") {
    const display = freeDisplay();
    // FACTDESK_E2E_SCREEN (e.g. 1920x1080) for tests of the layout at larger sizes.
    const size = process.env.FACTDESK_E2E_SCREEN ?? "1400x900";
    const xvfb = spawn("Xvfb", [display, "-screen", "0", `${size}x24`, "-nolisten", "tcp"], { stdio: "ignore" });
    procs.push(xvfb);
    env.DISPLAY = display;
    await sleep(500);
  }
  const driverPath = which("tauri-driver") ?? join(process.env.HOME ?? "/root", ".cargo/bin/tauri-driver");
  PORT = Number(process.env.FACTDESK_E2E_PORT ?? (await freePort()));
  let nativePort = await freePort();
  while (nativePort === PORT) nativePort = await freePort();
  const driver = spawn(driverPath, ["--port", String(PORT), "--native-port", String(nativePort)], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let driverErr = "";
  driver.stderr.on("data", (d) => (driverErr += d.toString()));
  procs.push(driver);
  try {
    await waitForPort(`http://127.0.0.1:${PORT}/status`, 15000);
  } catch (e) {
    throw new Error(`${e.message}\n${driverErr}`);
  }
  services = { procs, env, home, display: env.DISPLAY };
  return services;
}

export function stopServices() {
  if (!services) return;
  for (const p of services.procs.reverse()) p.kill("SIGTERM");
  services = null;
}

/** A fresh library file for one test. */
export function tempLibrary() {
  const dir = mkdtempSync(join(tmpdir(), "factdesk-e2e-lib-"));
  return join(dir, "library.sqlite3");
}

/** Opens the real window: `factdesk --db LIB ARGS…`. */
export async function launch({ db = tempLibrary(), args = [] } = {}) {
  await startServices();
  const session = await Session.create(`http://127.0.0.1:${PORT}`, {
    "tauri:options": { application: binary, args: ["--db", db, ...args] },
  });
  session.db = db;
  return session;
}

/** The X window id of Factdesk's top-level window, or null. */
function factdeskWindow(env) {
  try {
    const tree = execFileSync("xwininfo", ["-root", "-tree"], { env }).toString();
    // Lines like: 0x1400003 "Factdesk": ("factdesk" "Factdesk")  1280x820+0+0  +0+0
    let best = null;
    for (const m of tree.matchAll(/^\s*(0x[0-9a-f]+) "Factdesk".*?\s(\d+)x(\d+)[+-]/gm)) {
      const area = Number(m[2]) * Number(m[3]);
      if (!best || area > best.area) best = { id: m[1], area };
    }
    return best?.id ?? null;
  } catch {
    return null;
  }
}

/** Saves what the window shows as `artifacts/NAME.png`. Taken from the X server, not through
 * WebDriver: WebKitWebDriver's screenshot waits for a composited frame, and the window draws
 * without compositing where there is no GPU (src-tauri/src/render.rs), as under Xvfb. */
export async function screenshot(session, name) {
  mkdirSync(artifacts, { recursive: true });
  const path = join(artifacts, `${name.replace(/[^\w.-]+/g, "_")}.png`);
  const env = { ...process.env, DISPLAY: services?.display ?? process.env.DISPLAY };
  try {
    // What the page has just changed is on the screen after two animation frames.
    await session.execAsync("const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(1)))");
  } catch {
    /* a window that does not answer is photographed as it is */
  }
  try {
    execFileSync("import", ["-window", factdeskWindow(env) ?? "root", path], { env });
    return path;
  } catch {
    try {
      writeFileSync(path, await session.screenshot());
      return path;
    } catch {
      return null;
    }
  }
}

/** Wraps a test body: on failure, saves a screenshot named after the test, then rethrows. */
export function withScreenshot(name, body) {
  return async (t) => {
    let session = null;
    try {
      await body(t, (s) => (session = s));
    } catch (e) {
      if (session) {
        const path = await screenshot(session, `FAILED-${name}`);
        if (path) e.message += `\n  screenshot: ${path}`;
      }
      throw e;
    } finally {
      if (session) await session.delete();
    }
  };
}
