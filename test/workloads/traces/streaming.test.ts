import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTrace } from '../../../workloads/traces/index.js';

const LINES = 200_000;
const FIRST_TICKS = 128166372003061629n;

function msrLine(index: number): string {
  const ticks = FIRST_TICKS + BigInt(index) * 1234n;
  const type = index % 3 === 0 ? 'Write' : 'Read';
  return `${ticks},hm,${index % 2},${type},${(index * 7919 % 1_000_000) * 4096},${4096 << (index % 4)},${index % 5000}\n`;
}

async function* generatedLines(count: number, pulled: { lines: number }): AsyncGenerator<string> {
  for (let index = 0; index < count; index += 1) {
    pulled.lines += 1;
    yield msrLine(index);
  }
}

describe('streaming large traces', () => {
  const directory = mkdtempSync(join(tmpdir(), 'cowsim-trace-stream-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it(`parses a generated ${LINES}-line MSR trace file with bounded memory`, async () => {
    const path = join(directory, 'big.csv');
    const out = createWriteStream(path);
    for (let index = 0; index < LINES; index += 1) {
      if (!out.write(msrLine(index))) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const fileBytes = statSync(path).size;

    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let count = 0;
    let writes = 0;
    let lastNs = 0;
    let ordered = true;
    for await (const record of openTrace(path, { volume: { sizeBytes: 1 << 30, blockSizeBytes: 4096 } })) {
      count += 1;
      if (record.operation === 'write') writes += 1;
      ordered &&= record.atNs >= lastNs;
      lastNs = record.atNs;
      if (count % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(count).toBe(LINES);
    expect(ordered).toBe(true);
    expect(writes).toBe(Math.ceil(LINES / 3));
    expect(lastNs).toBe((LINES - 1) * 1234 * 100);
    // Holding the records (or the text) would take several times the file's size.
    expect(peak - baseline).toBeLessThan(Math.max(fileBytes, 32 << 20));
  });

  it('yields the first records before reading the rest of the source', async () => {
    const pulled = { lines: 0 };
    const records = openTrace({ name: 'generated.csv', stream: generatedLines(LINES, pulled) }, { maxRecords: 10 });
    let count = 0;
    for await (const record of records) {
      count += 1;
      if (count === 1) expect(record.atNs).toBe(0);
    }
    expect(count).toBe(10);
    expect(pulled.lines).toBeLessThan(LINES / 10);
  });
});
