// The maths of the virtualised article pane, without a DOM so it is unit-tested: a long article
// renders only the blocks in and near the viewport. Every block has a height — measured once it
// has been rendered, estimated from its length until then — and the blocks above and below the
// rendered ones are stood in for by padding of their summed heights.

/** Where one block sits: its kind and length decide its estimated height. */
export type BlockShape = { kind: string; chars: number };

/** Pixel sizes of the reading column, for estimating a block's height before it is drawn. */
export type Metrics = { lineHeight: number; charsPerLine: number; gap: number };

/** Roughly right for the reading column (1.1rem/1.75 over 38rem); calibrated by measuring. */
export const defaultMetrics: Metrics = { lineHeight: 30.8, charsPerLine: 72, gap: 16.8 };

/** A block's height before it was ever drawn. */
export function estimateHeight(b: BlockShape, m: Metrics): number {
  const lines = Math.max(1, Math.ceil(b.chars / m.charsPerLine));
  switch (b.kind) {
    case "title":
      return 20 + lines * m.lineHeight * 1.4;
    case "heading":
      return 44 + lines * m.lineHeight * 0.95;
    case "byline":
    case "dateline":
    case "timestamp":
      return 8 + lines * m.lineHeight * 0.8;
    case "code":
      return m.gap + 24 + lines * m.lineHeight * 0.8;
    default:
      return m.gap + lines * m.lineHeight;
  }
}

/** The heights of every block, measured or estimated, and their running sums. */
export class BlockLayout {
  private raw: Float64Array;
  private heights: Float64Array;
  private measured: Uint8Array;
  private offsets: Float64Array;
  private dirty = true;
  /** Measured ÷ estimated over the blocks measured so far: scales the estimates of the rest. */
  private ratioSum = 0;
  private ratioCount = 0;

  constructor(shapes: BlockShape[], metrics: Metrics = defaultMetrics) {
    const n = shapes.length;
    this.raw = new Float64Array(n);
    for (let i = 0; i < n; i++) this.raw[i] = estimateHeight(shapes[i]!, metrics);
    this.heights = Float64Array.from(this.raw);
    this.measured = new Uint8Array(n);
    this.offsets = new Float64Array(n + 1);
  }

  get count(): number {
    return this.heights.length;
  }

  isMeasured(i: number): boolean {
    return this.measured[i] === 1;
  }

  height(i: number): number {
    return this.heights[i] ?? 0;
  }

  /** Records a drawn block's height; true when it differs from what the layout assumed. */
  measure(i: number, h: number): boolean {
    if (i < 0 || i >= this.count || !(h >= 0)) return false;
    if (this.measured[i] && Math.abs(this.heights[i]! - h) < 0.5) return false;
    if (!this.measured[i] && this.raw[i]! > 0) {
      this.ratioSum += h / this.raw[i]!;
      this.ratioCount++;
    }
    this.measured[i] = 1;
    this.heights[i] = h;
    this.dirty = true;
    return true;
  }

  /** Re-scales the estimates of blocks not yet drawn by what measuring has taught. */
  recalibrate(): void {
    if (this.ratioCount === 0) return;
    const r = this.ratioSum / this.ratioCount;
    for (let i = 0; i < this.count; i++) if (!this.measured[i]) this.heights[i] = this.raw[i]! * r;
    this.dirty = true;
  }

  /** Forgets every measurement (the column's width changed); estimates keep their calibration. */
  forgetMeasurements(): void {
    const r = this.ratioCount ? this.ratioSum / this.ratioCount : 1;
    this.measured.fill(0);
    for (let i = 0; i < this.count; i++) this.heights[i] = this.raw[i]! * r;
    this.dirty = true;
  }

  private sums(): Float64Array {
    if (this.dirty) {
      let y = 0;
      for (let i = 0; i < this.count; i++) {
        this.offsets[i] = y;
        y += this.heights[i]!;
      }
      this.offsets[this.count] = y;
      this.dirty = false;
    }
    return this.offsets;
  }

  /** Top of block `i` (i = count gives the total height). */
  top(i: number): number {
    return this.sums()[Math.max(0, Math.min(this.count, i))]!;
  }

  total(): number {
    return this.top(this.count);
  }

  /** The block at height `y` (clamped to the first and last block). */
  indexAt(y: number): number {
    const o = this.sums();
    const n = this.count;
    if (n === 0) return 0;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (o[mid]! <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The blocks to render, [from, to), so that [y0 - overscan, y1 + overscan] is covered. */
  range(y0: number, y1: number, overscan: number): Range {
    if (this.count === 0) return { from: 0, to: 0 };
    const from = this.indexAt(Math.max(0, y0 - overscan));
    const to = this.indexAt(Math.max(0, y1 + overscan)) + 1;
    return { from, to: Math.min(this.count, to) };
  }

  /** True when the rendered blocks [from, to) cover the heights [y0, y1]. */
  covers(r: Range, y0: number, y1: number): boolean {
    if (this.count === 0) return true;
    const top = this.top(r.from);
    const bottom = this.top(r.to);
    return top <= Math.max(0, y0) && (bottom >= Math.min(y1, this.total()) || r.to === this.count);
  }

  /** The block at the top of a viewport whose top is at `y`, and how far into it `y` is. */
  anchorAt(y: number): Anchor {
    const index = this.indexAt(y);
    return { index, offset: y - this.top(index) };
  }

  /** The viewport top that puts an anchor back where it was after heights changed. */
  scrollFor(a: Anchor): number {
    return this.top(a.index) + a.offset;
  }
}

export type Range = { from: number; to: number };
export type Anchor = { index: number; offset: number };

/** The index of the block holding code point `pos`: the last block starting at or before it. */
export function blockAt(starts: ArrayLike<number>, pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else {
      const d = s.charCodeAt(i + 1);
      n++;
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

export type Match = { start: number; end: number };

/**
 * Finds `query` (case-insensitive) in the article's blocks — the model, not the DOM, so text in
 * blocks not drawn is found too. Searches forward from code point `from` (backwards: before it)
 * and wraps around. Positions are code points, like every position in Factdesk.
 */
export function findText(blocks: { start: number; text: string }[], query: string, from: number, backwards = false): Match | null {
  const q = query.trim();
  if (!q || blocks.length === 0) return null;
  const re = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+"), "giu");
  const all = (b: { start: number; text: string }): Match[] => {
    const out: Match[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(b.text); m; m = re.exec(b.text)) {
      const start = b.start + codePoints(b.text.slice(0, m.index));
      out.push({ start, end: start + codePoints(m[0]) });
      if (m[0].length === 0) re.lastIndex++;
    }
    return out;
  };
  const n = blocks.length;
  const starts = blocks.map((b) => b.start);
  const at = Math.max(0, blockAt(starts, from));
  for (let k = 0; k <= n; k++) {
    const i = backwards ? (at - k + n) % n : (at + k) % n;
    const ms = all(blocks[i]!);
    if (ms.length === 0) continue;
    if (k === 0 || k === n) {
      // The block we start in: only matches past the start point on the first visit, the rest on
      // the wrap-around.
      const pick = backwards
        ? [...ms].reverse().find((m) => (k === 0 ? m.start < from : m.start >= from))
        : ms.find((m) => (k === 0 ? m.start >= from : m.start < from));
      if (pick) return pick;
      continue;
    }
    return (backwards ? ms[ms.length - 1] : ms[0]) ?? null;
  }
  return null;
}

/** Every match of `query` in the article, in text order (for "n of m" and drawing them all). */
export function findAll(blocks: { start: number; text: string }[], query: string): Match[] {
  const q = query.trim();
  if (!q) return [];
  const re = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+"), "giu");
  const out: Match[] = [];
  for (const b of blocks) {
    re.lastIndex = 0;
    for (let m = re.exec(b.text); m; m = re.exec(b.text)) {
      const start = b.start + codePoints(b.text.slice(0, m.index));
      out.push({ start, end: start + codePoints(m[0]) });
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return out;
}

/** The matches that overlap [start, end), from `matches` in text order. */
export function matchesIn(matches: Match[], start: number, end: number): Match[] {
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (matches[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  const out: Match[] = [];
  for (let i = lo; i < matches.length && matches[i]!.start < end; i++) out.push(matches[i]!);
  return out;
}
