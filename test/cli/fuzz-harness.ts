/**
 * Runs CLI cases for the fuzz test: `cowsim(argv, io)` called in a child process that takes one
 * case after another, so that a case that never ends can be stopped (the simulator runs its
 * events on microtasks, which starve the timers of the thread it runs in, so a timeout in the
 * test's own thread would never fire), and so that a case that kills its process (a V8 fatal
 * error, memory exhausted) is reported instead of taking the test runner down. The child runs the
 * current sources, compiled here into a temporary folder (dist/ may be older than them).
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What one case did: its exit code, or that it ran past the time bound or ended its process. */
export interface CaseOutcome {
  readonly code: number | 'timeout' | 'crashed';
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The compiled CLI, the child's entry next to it, and the folder to remove afterwards. */
export interface CompiledCli {
  readonly entry: string;
  readonly child: string;
  dispose(): void;
}

// The child: imports the CLI once, then runs `cowsim(argv, io)` for each case it is sent.
const CHILD_SOURCE = `
const clip = (text) => (text.length > 4000 ? text.slice(0, 4000) + '...' : text);
const { cowsim } = await import(process.argv[2]);
process.on('message', async ({ id, argv }) => {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) };
  const started = performance.now();
  let code;
  try {
    code = await cowsim(argv, io);
  } catch (error) {
    code = 'crashed';
    stderr += 'cowsim() rejected: ' + ((error && error.stack) || error);
  }
  process.send({ id, code, stdout: clip(stdout), stderr: clip(stderr), ms: performance.now() - started });
});
process.send({ ready: true });
`;

/** Compiles the project's sources with its own tsc into a temporary folder (node_modules linked in). */
export function compileCli(root = resolve('.')): CompiledCli {
  const folder = mkdtempSync(join(tmpdir(), 'cowsim-fuzz-build-'));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json'), '--outDir', folder, '--sourceMap', 'false'], { cwd: root, encoding: 'utf8' });
  const entry = join(folder, 'bin', 'cowsim.js');
  // Type errors elsewhere still emit JavaScript; only a missing entry means no CLI to fuzz.
  if (!existsSync(entry)) throw new Error(`could not compile the CLI for the fuzz test:\n${build.stdout}\n${build.stderr}`);
  symlinkSync(join(root, 'node_modules'), join(folder, 'node_modules'), 'dir');
  const child = join(folder, 'fuzz-child.mjs');
  writeFileSync(child, CHILD_SOURCE);
  return { entry, child, dispose: () => rmSync(folder, { recursive: true, force: true }) };
}

/** Runs cases one at a time in a child process; a case past `timeoutMs` or one that ends the child gets a new child for the next case. */
export class CliRunner {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 0;
  /** The child's own stderr (V8 fatal errors land there), last few KiB. */
  private childStderr = '';

  constructor(
    private readonly cli: CompiledCli,
    private readonly timeoutMs: number,
    /** Heap bound of the child: a case that needs more ends it, and counts as crashed. */
    private readonly maxHeapMb = 1536,
  ) {}

  /** Runs one command line; never rejects. */
  async run(argv: readonly string[]): Promise<CaseOutcome> {
    await this.start();
    const child = this.child!;
    const id = this.nextId++;
    const started = performance.now();
    this.childStderr = '';
    return new Promise<CaseOutcome>((done) => {
      const finish = (outcome: CaseOutcome): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        done(outcome);
      };
      const onMessage = (reply: CaseOutcome & { id: number }): void => {
        if (reply.id === id) finish({ code: reply.code, stdout: reply.stdout, stderr: reply.stderr, ms: reply.ms });
      };
      const onExit = (code: number | null, signal: string | null): void => {
        this.forget();
        finish({ code: 'crashed', stdout: '', stderr: `the process ended (exit ${code}, signal ${signal}): ${this.childStderr.trim().slice(-600)}`, ms: performance.now() - started });
      };
      const timer = setTimeout(() => {
        child.off('exit', onExit);
        this.stop();
        finish({ code: 'timeout', stdout: '', stderr: `no exit within ${this.timeoutMs} ms`, ms: performance.now() - started });
      }, this.timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ id, argv: [...argv] });
    });
  }

  /** Ends the child. */
  close(): void {
    this.stop();
  }

  private start(): Promise<void> {
    if (this.ready !== undefined) return this.ready;
    const child = fork(this.cli.child, [pathToFileURL(this.cli.entry).href], {
      execArgv: [`--max-old-space-size=${this.maxHeapMb}`],
      // Commands that print through the process (not the io) must not flood the test's output.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, CI: 'true' },
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.childStderr = (this.childStderr + chunk.toString()).slice(-4000);
    });
    this.child = child;
    this.ready = new Promise<void>((started, failed) => {
      child.once('message', () => started());
      child.once('exit', (code) => failed(new Error(`the fuzz child did not start (exit ${code}): ${this.childStderr}`)));
    });
    return this.ready;
  }

  private stop(): void {
    this.child?.kill('SIGKILL');
    this.forget();
  }

  private forget(): void {
    this.child = undefined;
    this.ready = undefined;
  }
}
