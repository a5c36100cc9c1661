/**
 * `cowsim validate` as a user meets it (the CLI in-process): a trace with recorded times replayed
 * on one device writes validate.json, report.html and prints a table; bad flags, an unknown
 * preset, a bad device file and a malformed trace line exit 2 naming what is wrong, and write
 * nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cowsim } from '../../bin/cowsim.js';
import { bufferIo } from '../reports/sweep/fixtures.js';

const dir = await mkdtemp(join(tmpdir(), 'cowsim-validate-'));
const trace = join(dir, 'tiny.trace');
await writeFile(trace, ['R Hit    0   8  2000.00000  500.00000', 'W Hit  100   8  1000.00000  250.00000', 'R Miss 200  16  3000.00000    0.00000', ''].join('\n'));
const device = join(dir, 'fixed.yaml');
await writeFile(device, 'model: fixed\nparams:\n  distribution: deterministic\n  meanServiceTimeUs: 1000\n');

async function validate(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = bufferIo();
  const code = await cowsim(['validate', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('cowsim validate', () => {
  it('writes validate.json, report.html and prints the table; a rerun gives the same validate.json', async () => {
    const out = join(dir, 'out');
    const first = await validate(['--trace', trace, '--device', device, '--out', out]);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.cowsim-output', 'report.html', 'validate.json']);
    expect(first.out).toContain('trace       disksim-validate, 3 requests (2 reads, 1 writes)');
    expect(first.out).toContain('closed loop');
    expect(first.out).toContain('demerit 1.581 ms (63.2 % of the recorded mean)');
    const file = JSON.parse(readFileSync(join(out, 'validate.json'), 'utf8'));
    expect(file.all.demeritMs).toBe(1.290994);
    expect(file.device).toMatchObject({ source: device, model: 'fixed', scheduler: 'fifo' });
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('recorded');
    expect(html).not.toContain('<script');
    const json = readFileSync(join(out, 'validate.json'), 'utf8');
    const again = await validate(['--trace', trace, '--device', device, '--out', out, '--quiet']);
    expect(again.code).toBe(0);
    expect(again.out).toBe('');
    expect(readFileSync(join(out, 'validate.json'), 'utf8')).toBe(json);
  });

  it('takes a preset', async () => {
    const out = join(dir, 'preset-out');
    const { code, out: text } = await validate(['--trace', trace, '--preset', 'hdd-15k-sas', '--out', out, '--quiet']);
    expect(code).toBe(0);
    expect(text).toBe('');
    expect(JSON.parse(readFileSync(join(out, 'validate.json'), 'utf8')).device).toMatchObject({ source: '--preset hdd-15k-sas', preset: 'hdd-15k-sas', model: 'hdd' });
  });

  const refused = async (args: string[], message: string): Promise<void> => {
    const out = join(dir, `refused-${Math.random().toString(36).slice(2)}`);
    const { code, err, out: text } = await validate([...args, '--out', out]);
    expect(err).toContain(message);
    expect(code).toBe(2);
    expect(text).toBe('');
    expect(existsSync(out)).toBe(false);
  };

  it('wants exactly one of --preset and --device', async () => {
    await refused(['--trace', trace], 'cowsim: command line: --preset, --device: expected exactly one of --preset NAME');
    await refused(['--trace', trace, '--preset', 'hdd-15k-sas', '--device', device], 'found both');
  });

  it('names an unknown preset and the nearest one', async () => {
    await refused(['--trace', trace, '--preset', 'hdd-15k-sata'], 'cowsim: command line: --preset: expected a preset listed by `cowsim presets`');
    await refused(['--trace', trace, '--preset', 'hdd-15k-sata'], 'did you mean hdd-15k-sas?');
  });

  it('names the device file and the field of a bad device entry', async () => {
    const bad = join(dir, 'bad-device.yaml');
    await writeFile(bad, 'model: fixed\nparams:\n  meanServiceTimeUs: -1\n');
    await refused(['--trace', trace, '--device', bad], `cowsim: ${bad}: params.meanServiceTimeUs: expected`);
    const typo = join(dir, 'typo-device.yaml');
    await writeFile(typo, 'preset: hdd-15k-sas\nschedular: fifo\n');
    await refused(['--trace', trace, '--device', typo], `cowsim: ${typo}: schedular: expected no field named "schedular"`);
  });

  it('names the file and line of a malformed trace line', async () => {
    const bad = join(dir, 'bad.trace');
    await writeFile(bad, 'R Hit 0 8 2000.0 500.0\nR Hit 8 x 2000.0 500.0\n');
    await refused(['--trace', bad, '--device', device], `cowsim: ${bad}: line 2, field bcount: expected a non-negative integer sector count, found "x"`);
  });

  it('refuses bad --format and --action values', async () => {
    await refused(['--trace', trace, '--device', device, '--format', 'fio-iolog-v2'], '--format: expected one of msr-cambridge, disksim-validate, blkparse');
    await refused(['--trace', trace, '--device', device, '--action', 'D'], '--action: expected no --action with a disksim-validate trace');
    await refused(['--trace', trace, '--device', device, '--format', 'blkparse', '--action', 'X'], '--action: expected Q, D or C');
  });
});
