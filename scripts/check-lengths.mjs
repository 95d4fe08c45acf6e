#!/usr/bin/env node
// Length limits of the Rust code (issue #17), run by `make lint`:
//   - no function over 150 lines, test code aside;
//   - no file over 800 lines.
// Prints the 10 longest functions and files, then every one past its limit, and fails if any is.
//
// What counts, precisely:
//   - Files: every `.rs` file git knows (tracked, or new and not ignored), whole file, blank lines,
//     comments and in-file test modules included.
//   - A function: from the line of its `fn` keyword to the line of its closing brace, inclusive
//     (doc comments and attributes above it are not counted). A function nested in another is
//     measured on its own and also counts in the outer one's lines. Closures are not functions.
//   - Test code, left out of the function limit (not of the file limit): files under a `tests/`
//     directory; any item marked `#[cfg(test)]` (or a cfg that requires `test`, not `not(test)`),
//     with everything inside it; a file declared by `#[cfg(test)] mod name;`; and any function
//     marked `#[test]` or `#[…::test]`.
//   - Left out of both limits: `src-tauri/core/src/analysis/` (the claim scorer, rewritten
//     separately) and generated code (`gen/`, `ui/`, `fuzz/target`).
// Usage: node scripts/check-lengths.mjs [--top N]
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const FN_LIMIT = 150;
const FILE_LIMIT = 800;
const EXCLUDED = [/^src-tauri\/core\/src\/analysis\//, /^gen\//, /^ui\//, /^fuzz\/target\//];

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const topArg = process.argv.indexOf('--top');
const TOP = topArg > 0 ? Number(process.argv[topArg + 1]) : 10;

/** Rust source with comments and the insides of string and char literals blanked (newlines kept),
 *  so braces, `fn` and attributes can be found by position. */
export function blank(src) {
  const out = src.split('');
  const n = src.length;
  const wipe = (from, to) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      let j = src.indexOf('\n', i);
      if (j < 0) j = n;
      wipe(i, j);
      i = j;
    } else if (c === '/' && d === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (src[j] === '/' && src[j + 1] === '*') { depth++; j += 2; }
        else if (src[j] === '*' && src[j + 1] === '/') { depth--; j += 2; }
        else j++;
      }
      wipe(i, j);
      i = j;
    } else if ((c === 'r' || (c === 'b' && d === 'r')) && !isIdent(src[i - 1])) {
      // raw string: r"…", r#"…"#, br#"…"#
      let j = c === 'b' ? i + 2 : i + 1;
      let hashes = 0;
      while (src[j] === '#') { hashes++; j++; }
      if (src[j] === '"') {
        const close = '"' + '#'.repeat(hashes);
        let end = src.indexOf(close, j + 1);
        end = end < 0 ? n : end + close.length;
        wipe(j + 1, end - close.length);
        i = end;
      } else {
        i++;
      }
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      wipe(i + 1, j);
      i = j + 1;
    } else if (c === "'") {
      // a char literal ('x', '\n', '\u{1F600}', b'x') or a lifetime ('a, 'static)
      if (d === '\\') {
        let j = i + 2;
        while (j < n && src[j] !== "'") j++;
        wipe(i + 1, j);
        i = j + 1;
      } else {
        const cp = src.codePointAt(i + 1);
        const w = cp > 0xffff ? 2 : 1;
        if (src[i + 1 + w] === "'") {
          wipe(i + 1, i + 1 + w);
          i = i + 2 + w;
        } else {
          i++;
        }
      }
    } else {
      i++;
    }
  }
  return out.join('');
}

function isIdent(ch) {
  return ch !== undefined && /[A-Za-z0-9_]/.test(ch);
}

/** Map of each `{` offset to its matching `}` offset. */
function braces(text) {
  const pairs = new Map();
  const stack = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') stack.push(i);
    else if (text[i] === '}' && stack.length) pairs.set(stack.pop(), i);
  }
  return pairs;
}

/** From `from`, the offset of the first `{` or `;` outside parentheses and brackets. */
function itemEnd(text, from) {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0 && (ch === '{' || ch === ';')) return i;
  }
  return -1;
}

function isTestAttr(body) {
  const a = body.replace(/\s+/g, '');
  if (a === 'test' || /::test$/.test(a)) return true;
  if (!a.startsWith('cfg(')) return false;
  // `test` required: present and not under `not(…)` (good enough for cfg(test), cfg(all(test, …)))
  return /\btest\b/.test(a.replace(/not\([^()]*\)/g, ''));
}

/** The functions of one file, and the files it declares as test modules. */
export function scan(src) {
  const text = blank(src);
  const pairs = braces(text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (off) => {
    let lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= off) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  };

  // Test regions: the item after a test attribute (its braces), or a test `mod name;`.
  const testRegions = [];
  const testMods = [];
  const attr = /#\s*\[((?:[^\[\]]|\[[^\]]*\])*)\]/g;
  for (let m; (m = attr.exec(text)); ) {
    if (!isTestAttr(m[1])) continue;
    let k = m.index + m[0].length;
    // skip further attributes
    for (;;) {
      const rest = text.slice(k);
      const more = /^\s*#\s*\[((?:[^\[\]]|\[[^\]]*\])*)\]/.exec(rest);
      if (!more) break;
      k += more[0].length;
    }
    const end = itemEnd(text, k);
    if (end < 0) continue;
    if (text[end] === '{') testRegions.push([m.index, pairs.get(end) ?? text.length]);
    else {
      const decl = /\bmod\s+([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(text.slice(k, end));
      if (decl) testMods.push(decl[1]);
    }
  }
  const inTest = (off) => testRegions.some(([a, b]) => off >= a && off <= b);

  // impl / trait blocks, for names like `Type::method`
  const blocks = [];
  const implRe = /\b(impl|trait)\b/g;
  for (let m; (m = implRe.exec(text)); ) {
    const end = itemEnd(text, m.index + m[0].length);
    if (end < 0 || text[end] !== '{') continue;
    let head = text.slice(m.index + m[0].length, end);
    if (m[1] === 'impl') {
      head = stripGenerics(head);
      const f = /\bfor\b([\s\S]*)$/.exec(head);
      if (f) head = f[1];
    }
    head = head.replace(/\bwhere\b[\s\S]*$/, '');
    const name = /([A-Za-z_][A-Za-z0-9_]*)\s*(?:<[\s\S]*)?$/.exec(stripGenerics(head).trim());
    blocks.push([end, pairs.get(end) ?? text.length, name ? name[1] : '?']);
  }
  const owner = (off) => {
    let best = null;
    for (const b of blocks) if (off > b[0] && off < b[1] && (!best || b[0] > best[0])) best = b;
    return best ? best[2] : null;
  };

  const fns = [];
  const fnRe = /\bfn\s+([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m; (m = fnRe.exec(text)); ) {
    if (m.index > 1 && text.slice(m.index - 2, m.index) === 'r#') continue;
    const open = itemEnd(text, m.index + m[0].length);
    if (open < 0 || text[open] !== '{') continue; // a declaration without body
    const close = pairs.get(open);
    if (close === undefined) continue;
    // `#[test]` directly on this function
    const before = text.slice(0, m.index);
    const attrs = /((?:#\s*\[(?:[^\[\]]|\[[^\]]*\])*\]\s*)*)(?:pub(?:\([^)]*\))?\s+)?(?:(?:const|async|unsafe|extern\s*(?:"\s*"\s*)?)\s+)*$/.exec(before);
    let test = inTest(m.index);
    if (!test && attrs && attrs[1]) {
      const each = /#\s*\[((?:[^\[\]]|\[[^\]]*\])*)\]/g;
      for (let a; (a = each.exec(attrs[1])); ) if (isTestAttr(a[1])) test = true;
    }
    const own = owner(m.index);
    const start = lineOf(m.index);
    fns.push({
      name: own ? `${own}::${m[1]}` : m[1],
      line: start,
      lines: lineOf(close) - start + 1,
      test,
    });
  }
  return { fns, lines: lineStarts.length - (src.endsWith('\n') ? 1 : 0), testMods };
}

function stripGenerics(s) {
  let out = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '<') depth++;
    else if (ch === '>' && s[i - 1] !== '-' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

function main() {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.rs'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f && !EXCLUDED.some((re) => re.test(f)) && existsSync(path.join(root, f)));

  const scanned = new Map();
  for (const f of files) scanned.set(f, scan(readFileSync(path.join(root, f), 'utf8')));

  // Files declared as test modules by `#[cfg(test)] mod name;`
  const testFiles = new Set();
  for (const [f, s] of scanned) {
    const dir = path.dirname(f);
    const base = path.basename(f);
    const modDir = ['mod.rs', 'lib.rs', 'main.rs'].includes(base) ? dir : path.join(dir, base.slice(0, -3));
    for (const m of s.testMods) {
      testFiles.add(path.join(modDir, `${m}.rs`));
      testFiles.add(path.join(modDir, m, 'mod.rs'));
    }
  }
  const isTestFile = (f) => /(^|\/)tests\//.test(f) || testFiles.has(f);

  const allFns = [];
  const allFiles = [];
  for (const [f, s] of scanned) {
    allFiles.push({ file: f, lines: s.lines });
    if (isTestFile(f)) continue;
    for (const fn of s.fns) if (!fn.test) allFns.push({ ...fn, file: f });
  }
  allFns.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
  allFiles.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));

  const pad = (n) => String(n).padStart(5);
  console.log(`Longest functions (test code aside; limit ${FN_LIMIT} lines):`);
  for (const fn of allFns.slice(0, TOP)) console.log(`${pad(fn.lines)}  ${fn.file}:${fn.line}  ${fn.name}`);
  console.log(`Longest files (limit ${FILE_LIMIT} lines):`);
  for (const f of allFiles.slice(0, TOP)) console.log(`${pad(f.lines)}  ${f.file}`);

  const longFns = allFns.filter((f) => f.lines > FN_LIMIT);
  const longFiles = allFiles.filter((f) => f.lines > FILE_LIMIT);
  for (const fn of longFns)
    console.error(`error: ${fn.file}:${fn.line}: function \`${fn.name}\` is ${fn.lines} lines (limit ${FN_LIMIT})`);
  for (const f of longFiles) console.error(`error: ${f.file}: ${f.lines} lines (limit ${FILE_LIMIT})`);
  if (longFns.length || longFiles.length) {
    console.error('Split it into named steps (see ARCHITECTURE.md, "Checks on the code itself").');
    process.exit(1);
  }
  console.log('check-lengths: within limits');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
