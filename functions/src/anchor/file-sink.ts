/**
 * The local anchor sink: one JSON line per anchor, appended to a file under DATA_DIR (`anchors.jsonl`) and
 * never rewritten. It stands for the Object Lock bucket of a deployment; on one machine whoever can write
 * the table can also write this file, so locally it shows the mechanism rather than guarding against an
 * operator (docs/reliability.md).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Anchor, type AnchorIndex, type AnchorSink, indexAnchors, isAnchor } from './anchor.ts';

export const ANCHOR_FILE_NAME = 'anchors.jsonl';

export function readAnchorLines(file: string): Anchor[] {
  if (!existsSync(file)) return [];
  const anchors: Anchor[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (isAnchor(parsed)) anchors.push({ pk: parsed.pk, seq: parsed.seq, hash: parsed.hash });
    } catch {
      // a torn last line (the process stopped mid-write): the entry is anchored again from the stream
    }
  }
  return anchors;
}

export function readAnchorFile(file: string): AnchorIndex {
  return indexAnchors(readAnchorLines(file));
}

export class FileAnchorSink implements AnchorSink {
  private readonly seen = new Set<string>();

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    for (const a of readAnchorLines(file)) this.seen.add(`${a.pk} ${a.seq}`);
  }

  async write(anchors: readonly Anchor[]): Promise<void> {
    const fresh = anchors.filter((a) => !this.seen.has(`${a.pk} ${a.seq}`));
    if (fresh.length === 0) return;
    // One append per batch, opened in append mode: earlier lines are never touched.
    appendFileSync(
      this.file,
      fresh.map((a) => `${JSON.stringify({ pk: a.pk, seq: a.seq, hash: a.hash })}\n`).join(''),
      { flag: 'a' },
    );
    for (const a of fresh) this.seen.add(`${a.pk} ${a.seq}`);
  }
}
