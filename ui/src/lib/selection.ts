// A text selection made into a claim: kept inside one paragraph (block) and snapped to whole
// words. Pure, on the article's model (code points), so it is tested without a window.
import { blockAt } from "./virtual";

export type Snapped = {
  start: number;
  end: number;
  /** The selection ran past its paragraph and was cut at the paragraph's end. */
  clipped: boolean;
};

const word = /[\p{L}\p{N}\p{M}'’-]/u;

/** Snaps [a, b) to word edges inside the block where it starts; null if nothing is left. */
export function snapSelection(blocks: { start: number; text: string }[], a: number, b: number): Snapped | null {
  if (blocks.length === 0 || b <= a) return null;
  const i = blockAt(blocks.map((x) => x.start), a);
  const block = blocks[Math.max(0, i)]!;
  const chars = Array.from(block.text);
  const blockEnd = block.start + chars.length;
  let s = Math.max(a, block.start) - block.start;
  let e = Math.min(b, blockEnd) - block.start;
  const clipped = b > blockEnd;
  // Out to the edges of the words cut by either end…
  while (s > 0 && s < chars.length && word.test(chars[s]!) && word.test(chars[s - 1]!)) s--;
  while (e > 0 && e < chars.length && word.test(chars[e - 1]!) && word.test(chars[e]!)) e++;
  // …and in past the spaces at either end.
  while (s < e && /\s/u.test(chars[s]!)) s++;
  while (e > s && /\s/u.test(chars[e - 1]!)) e--;
  if (e <= s) return null;
  return { start: block.start + s, end: block.start + e, clipped };
}
