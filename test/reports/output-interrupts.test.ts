/**
 * Interrupting a write (issue 9): SIGINT or SIGTERM between the steps of a write keeps the earlier
 * output, removes the staging folder and ends the process by the same signal; a SIGKILL between
 * any two steps leaves debris that the next start cleans, putting an earlier output moved aside
 * back in place. Signals are sent to child processes stopped at an exact step through the
 * writer's test hook (the compiled code in dist/, which `npm test` builds first); in this process,
 * `process.emit` stands in for a signal and the exit is replaced.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputInterrupted } from '../../reports/output-interrupts.js';
import { prepareOutputDirectory, setOutputWriteHooks, writeOutputDirectory, type WriteStep } from '../../reports/output-directory.js';
import { temporaryDirectory, tinyScenario, writeScenarioFile } from './sweep/fixtures.js';
import { debris, tree } from './output-fixtures.js';

const EARLIER = new Map([
  ['summary.json', '{"earlier": true}\n'],
  ['timeline.csv', 'old\n'],
]);
const NEW = new Map([
  ['summary.json', '{"new": true}\n'],
  ['latency.csv', 'new\n'],
]);

let root: string;
let out: string;
let earlier: Record<string, string>;
beforeEach(async () => {
  root = temporaryDirectory('cowsim-interrupts-');
  out = join(root, 'out');
  await writeOutputDirectory(out, EARLIER, { command: 'run' });
  earlier = tree(out);
});
afterEach(() => setOutputWriteHooks());

describe('a signal during a write, in this process', () => {
  it.each([
    ['staged', 'SIGINT', 'earlier'],
    ['moved-aside', 'SIGTERM', 'earlier'],
    ['in-place', 'SIGINT', 'new'],
  ] as const)('at %s (%s): the %s output stays, no debris, the process ends by the signal', async (at, signal, kept) => {
    const listening = process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const ended: NodeJS.Signals[] = [];
    setOutputWriteHooks({
      afterStep: (step) => void (step === at && process.emit(signal, signal)),
      endByInterrupt: (caught) => void ended.push(caught),
    });
    const notes: string[] = [];
    const attempt = writeOutputDirectory(out, NEW, { command: 'run', notify: (line) => notes.push(line) });
    await expect(attempt).rejects.toThrow(OutputInterrupted);
    await expect(attempt).rejects.toThrow(`interrupted by ${signal} while writing ${out}; ${kept === 'earlier' ? 'the earlier output (if any) is kept' : 'the new output is in place'}`);
    expect(ended).toEqual([signal]);
    if (kept === 'earlier') expect(tree(out)).toEqual(earlier);
    else expect(JSON.parse(tree(out)['summary.json']!)).toEqual({ new: true });
    expect(debris(root, 'out')).toEqual([]);
    // No notice of a replacement that was undone, and the signals are no longer caught.
    expect(notes).toEqual([]);
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(listening);
  });
});

/** Runs the compiled writer in a child process that stops after `step` and prints "stopped". */
function childWriter(target: string, step: WriteStep): { stopped: Promise<void>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>; pid: number } {
  const module = pathToFileURL(resolve('dist/reports/output-directory.js')).href;
  const code = `
    const { setOutputWriteHooks, writeOutputDirectory } = await import(${JSON.stringify(module)});
    setOutputWriteHooks({ afterStep: (step) => {
      if (step !== ${JSON.stringify(step)}) return;
      process.stdout.write('stopped\\n');
      return new Promise((resolve) => setTimeout(resolve, 30_000));
    } });
    await writeOutputDirectory(${JSON.stringify(target)}, new Map(${JSON.stringify([...NEW])}), { command: 'run' });
    process.stdout.write('written\\n');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('stopped\n')) stop();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout })));
  return { stopped, exited, pid: child.pid! };
}

describe('a real signal to a cowsim process stopped between two steps of its write', () => {
  it.each([
    ['staged', 'SIGINT', 130],
    ['moved-aside', 'SIGTERM', 143],
  ] as const)('at %s, %s keeps the earlier output, leaves no debris, and ends as a shell expects (%i)', async (step, signal, status) => {
    const child = childWriter(out, step);
    await child.stopped;
    expect(debris(root, 'out').length).toBeGreaterThan(0);
    process.kill(child.pid, signal);
    const { code, signal: endedBy, stdout } = await child.exited;
    // Ended by the signal itself (a shell shows 128 + its number), or by that exit status.
    expect(endedBy === signal || code === status).toBe(true);
    expect(stdout).not.toContain('written');
    expect(tree(out)).toEqual(earlier);
    expect(debris(root, 'out')).toEqual([]);
  });
});

describe('a SIGKILL between two steps, then the next start', () => {
  it.each([
    ['staged', 'the staging folder is removed; the earlier output was never touched', ['removed']],
    ['moved-aside', 'the staging folder is removed and the earlier output, moved aside with nothing in its place, is put back', ['removed', 'restored']],
    ['in-place', 'the new output is in place; the earlier one, moved aside, is removed', ['removed']],
  ] as const)('at %s: %s', async (step, _what, actions) => {
    const child = childWriter(out, step);
    await child.stopped;
    process.kill(child.pid, 'SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
    expect(debris(root, 'out')).toHaveLength(actions.length);
    if (step === 'moved-aside') expect(existsSync(out)).toBe(false);

    const notes: string[] = [];
    await prepareOutputDirectory(out, { command: 'run', notify: (line) => notes.push(line) });
    expect(debris(root, 'out')).toEqual([]);
    expect(notes.map((line) => line.split(' ')[1])).toEqual(actions);
    for (const line of notes) {
      expect(line).toMatch(/^cowsim: (removed|restored) .*(left half-written by an interrupted cowsim|moved aside to \.out\.replaced-p\d+-[\w-]+|an interrupted cowsim had already replaced)$/);
    }
    if (step === 'in-place') expect(JSON.parse(tree(out)['summary.json']!)).toEqual({ new: true });
    else expect(tree(out)).toEqual(earlier);
  });

  it("the first write's staging folder is removed, and a rerun then writes", async () => {
    const first = join(root, 'first');
    const child = childWriter(first, 'staged');
    await child.stopped;
    process.kill(child.pid, 'SIGKILL');
    await child.exited;
    expect(debris(root, 'first')).toHaveLength(1);
    await writeOutputDirectory(first, NEW, { command: 'run' });
    expect(debris(root, 'first')).toEqual([]);
    expect(JSON.parse(tree(first)['summary.json']!)).toEqual({ new: true });
  });
});

describe('debris that is not from a dead cowsim', () => {
  it("a live process's write in progress is left alone; an older cowsim's unnamed debris is cleaned", async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const live = join(root, `.out.writing-p${process.pid}-abc123`);
    mkdirSync(live);
    const legacy = join(root, '.out.writing-Xy12Ab');
    mkdirSync(legacy);
    writeFileSync(join(legacy, 'summary.json'), '{}');
    await prepareOutputDirectory(out, { command: 'run' });
    expect(readdirSync(root).sort()).toEqual(['.out.writing-p' + process.pid + '-abc123', 'out']);
  });

  it("an older cowsim's earlier output moved aside is put back, but never removed", async () => {
    const { renameSync, mkdirSync, writeFileSync } = await import('node:fs');
    renameSync(out, join(root, '.out.replaced-2f0e8b6c-1111-4222-8333-944445555666'));
    await prepareOutputDirectory(out, { command: 'run' });
    expect(tree(out)).toEqual(earlier);
    // With an output in place, an older version's aside folder may hold a user's files: it stays.
    const aside = join(root, '.out.replaced-0c0e8b6c-1111-4222-8333-944445555666');
    mkdirSync(aside);
    writeFileSync(join(aside, 'thesis.tex'), 'mine');
    await prepareOutputDirectory(out, { command: 'run' });
    expect(readFileSync(join(aside, 'thesis.tex'), 'utf8')).toBe('mine');
  });
});

describe('a SIGTERM during a long run, before anything is written', () => {
  it('ends the process by the signal; the earlier output stays whole and nothing is left behind', async () => {
    const scenario = writeScenarioFile(root, { ...tinyScenario, duration: '600s' }, 'long.json');
    const before = tree(out);
    const child = spawn(process.execPath, [resolve('dist/bin/cowsim.js'), 'run', '--scenario', scenario, '--out', out, '--quiet'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    await new Promise((done) => setTimeout(done, 1_500));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(tree(out)).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(['long.json', 'out']);
  });
});
