/**
 * The discrete-event kernel: virtual time in integer nanoseconds, events keyed (time, priority,
 * id), synchronous callbacks for disk internals and async processes for the engine and workloads.
 *
 * The rule that keeps it honest (design.md section 3): the clock advances only once every
 * continuation triggered at the current instant has run. Synchronous callbacks run in a tight
 * loop; after an event that may have resumed async code (a sleep ending, a device completing) the
 * kernel yields until the microtask queue is empty, then carries on. It yields by queueing a
 * microtask that calls process.nextTick: a tick queued from inside a microtask runs only once
 * V8 has drained the whole microtask queue, including every promise chain the event set going.
 * (A tick queued from a tick would run before the microtasks, so the detour matters.)
 */
import type { Clock } from '../engine/clock.js';
import { EventQueue, KernelEvent } from './event-queue.js';
import { eventLimitError, exactTimeError, simulatedTimeLimitError } from './run-limit-error.js';

export { KernelEvent } from './event-queue.js';

export interface RunOptions {
  /** Stop before any event later than this instant; the clock is left at untilNs. */
  readonly untilNs?: number;
  /** Stop as soon as this holds; checked before the first event and after each one. */
  readonly until?: () => boolean;
}

/**
 * Bounds that keep a run from going on forever (a scenario's `limits:`). Past one, run() rejects
 * with a RunLimitError. Both default to no bound.
 */
export interface KernelLimits {
  /** Events the kernel may run in all, over every run() call. */
  readonly maxEvents?: number;
  /**
   * Latest virtual time a run() bounded only by its `until` predicate may reach (a run with
   * untilNs has its own bound; one without either ends when nothing is left to run).
   */
  readonly maxPredicateNs?: number;
}

export interface RunResult {
  /** Why the run stopped: time limit, predicate, or nothing left to do. */
  readonly reason: 'time' | 'until' | 'quiescent';
  readonly nowNs: number;
  /** Events run during this call. */
  readonly events: number;
}

/** A process ended with an error; the run that observed it rejects with this, naming it. */
export class ProcessFailedError extends Error {
  constructor(
    readonly processName: string,
    readonly atNs: number,
    override readonly cause: unknown,
  ) {
    super(`process "${processName}" failed at ${atNs} ns: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ProcessFailedError';
  }
}

/** An async process started by Kernel.spawn. */
export class SimProcess<T = unknown> {
  state: 'scheduled' | 'running' | 'done' | 'failed' = 'scheduled';
  /** Settles with the process; already marked handled, so ignoring it never warns. */
  readonly done: Promise<T>;
  /** @internal */
  settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  constructor(readonly name: string) {
    this.done = new Promise<T>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.done.catch(() => undefined);
  }
}

interface ActiveRun {
  readonly untilNs: number;
  /** Past this an event rejects the run: maxPredicateNs for a predicate-only run, else none. */
  readonly limitNs: number;
  readonly until: (() => boolean) | undefined;
  readonly resolve: (result: RunResult) => void;
  readonly reject: (error: unknown) => void;
  readonly eventsAtStart: number;
}

function checkTime(what: string, ns: number): void {
  // Past 2^53 an integer of nanoseconds is no longer exact: a scenario asking for that is bad input.
  if (ns > Number.MAX_SAFE_INTEGER) throw exactTimeError(what === 'delayNs' ? 'a delay of' : 'an event at', ns);
  if (!Number.isSafeInteger(ns)) {
    throw new RangeError(`Kernel: ${what} must be an integer number of nanoseconds, got ${ns}`);
  }
}

export class Kernel implements Clock {
  private now = 0;
  private nextEventId = 0;
  private readonly queue = new EventQueue();
  private active: ActiveRun | undefined;
  private drainRequested = false;
  private failure: ProcessFailedError | undefined;
  private eventCount = 0;
  /** Real-world work (file reads) the clock must wait for; see hold(). */
  private holds = 0;
  private waitingForHolds = false;
  private readonly maxEvents: number;
  private readonly maxPredicateNs: number;

  constructor(limits: KernelLimits = {}) {
    this.maxEvents = limits.maxEvents ?? Number.POSITIVE_INFINITY;
    this.maxPredicateNs = limits.maxPredicateNs ?? Number.POSITIVE_INFINITY;
  }

  /** Virtual time in integer nanoseconds; the engine's Clock. */
  nowNs(): number {
    return this.now;
  }

  /** Events run since the kernel was created; a cheap progress and cost measure. */
  get eventsRun(): number {
    return this.eventCount;
  }

  /** True between run() and the moment its promise settles. */
  get isRunning(): boolean {
    return this.active !== undefined;
  }

  /** Number of pending events (cancelled ones excluded). */
  pendingEvents(): number {
    return this.queue.size;
  }

  /** Time of the next pending event, or undefined when none is left. */
  peekNs(): number | undefined {
    return this.queue.peek()?.atNs;
  }

  /**
   * Runs a synchronous callback at atNs. For disk internals and other code that needs no engine
   * continuation; if it resolves a promise it must call requestDrain().
   * Lower priority runs first among events at the same instant; then scheduling order.
   */
  schedule(atNs: number, callback: () => void, priority = 0): KernelEvent {
    checkTime('atNs', atNs);
    if (atNs < this.now) {
      throw new RangeError(`Kernel: cannot schedule at ${atNs} ns, the clock is already at ${this.now} ns`);
    }
    const event = new KernelEvent(atNs, priority, this.nextEventId++, callback, false);
    this.queue.push(event);
    return event;
  }

  /** schedule() relative to now, for models that think in delays. */
  scheduleAfter(delayNs: number, callback: () => void, priority = 0): KernelEvent {
    checkTime('delayNs', delayNs);
    return this.schedule(this.now + delayNs, callback, priority);
  }

  /** Cancels a pending event; returns false if it already ran or was cancelled. */
  cancel(event: KernelEvent): boolean {
    return this.queue.cancel(event);
  }

  /**
   * Tells the kernel that the running callback resolved a promise, so async code may resume:
   * it drains the microtask queue before running the next event.
   */
  requestDrain(): void {
    this.drainRequested = true;
  }

  /** Resolves at virtual time atNs, after every event already scheduled for that instant. */
  wakeAt(atNs: number, priority = 0): Promise<void> {
    checkTime('atNs', atNs);
    if (atNs < this.now) {
      return Promise.reject(new RangeError(`Kernel: cannot wake at ${atNs} ns, the clock is already at ${this.now} ns`));
    }
    return new Promise<void>((resolve) => {
      this.queue.push(new KernelEvent(atNs, priority, this.nextEventId++, resolve, true));
    });
  }

  /** Resolves after delayNs of virtual time: the process-side way to model a delay. */
  sleep(delayNs: number, priority = 0): Promise<void> {
    if (delayNs > Number.MAX_SAFE_INTEGER) return Promise.reject(exactTimeError('a delay of', delayNs));
    if (!Number.isSafeInteger(delayNs) || delayNs < 0) {
      return Promise.reject(new RangeError(`Kernel: sleep needs a non-negative integer delay in ns, got ${delayNs}`));
    }
    return this.wakeAt(this.now + delayNs, priority);
  }

  /**
   * Starts an async process at the current instant (as an event, so spawn order is run order).
   * If it throws or rejects, the current or next run() rejects with a ProcessFailedError naming it.
   */
  spawn<T>(name: string, body: () => Promise<T> | T, priority = 0): SimProcess<T> {
    const simProcess = new SimProcess<T>(name);
    const start = (): void => {
      simProcess.state = 'running';
      let result: Promise<T>;
      try {
        result = Promise.resolve(body());
      } catch (error) {
        result = Promise.reject(error);
      }
      result.then(
        (value) => {
          simProcess.state = 'done';
          simProcess.settle.resolve(value);
        },
        (error: unknown) => {
          simProcess.state = 'failed';
          this.failure ??= new ProcessFailedError(name, this.now, error);
          simProcess.settle.reject(error);
        },
      );
    };
    this.queue.push(new KernelEvent(this.now, priority, this.nextEventId++, start, true));
    return simProcess;
  }

  /**
   * Keeps the clock still until `work` settles: for real-world I/O a process needs in the middle
   * of a run (reading the next records of a trace file). Without it the kernel would see the
   * process as idle and advance virtual time by however long the disk took, breaking determinism.
   */
  hold<T>(work: Promise<T>): Promise<T> {
    this.holds++;
    const release = (): void => {
      this.holds--;
      if (this.holds === 0 && this.waitingForHolds) {
        this.waitingForHolds = false;
        if (this.active !== undefined) queueMicrotask(this.tickAfterMicrotasks);
      }
    };
    work.then(release, release);
    return work;
  }

  /**
   * Runs events until the time limit, the predicate, or quiescence (nothing left to run; open
   * processes stay pending). Rejects with the first failed process, or a callback's exception.
   * With untilNs, the clock ends at untilNs even when the kernel went quiet earlier.
   */
  run(options: RunOptions = {}): Promise<RunResult> {
    if (this.active !== undefined) {
      return Promise.reject(new Error('Kernel.run: already running'));
    }
    const untilNs = options.untilNs ?? Number.POSITIVE_INFINITY;
    if (options.untilNs !== undefined) {
      checkTime('untilNs', options.untilNs);
      if (options.untilNs < this.now) {
        return Promise.reject(new RangeError(`Kernel.run: untilNs ${options.untilNs} is before now (${this.now} ns)`));
      }
    }
    return new Promise<RunResult>((resolve, reject) => {
      const limitNs = options.untilNs === undefined && options.until !== undefined ? this.maxPredicateNs : Number.POSITIVE_INFINITY;
      this.active = { untilNs, limitNs, until: options.until, resolve, reject, eventsAtStart: this.eventCount };
      // Whatever the caller set going (spawned work, promise chains) settles before the first event.
      queueMicrotask(this.tickAfterMicrotasks);
    });
  }

  /**
   * Runs the next event and every continuation it wakes, then stops; false when none is left.
   * For debugging and tests that walk a scenario one event at a time.
   */
  async step(): Promise<boolean> {
    if (this.queue.peek() === undefined) return false;
    const target = this.eventCount + 1;
    await this.run({ until: () => this.eventCount >= target });
    return true;
  }

  /** Queued as a microtask: the tick it queues runs once the microtask queue is empty. */
  private readonly tickAfterMicrotasks = (): void => {
    process.nextTick(this.loop);
  };

  private finish(reason: RunResult['reason']): void {
    const active = this.active!;
    this.active = undefined;
    active.resolve({ reason, nowNs: this.now, events: this.eventCount - active.eventsAtStart });
  }

  private fail(error: unknown): void {
    const active = this.active!;
    this.active = undefined;
    active.reject(error);
  }

  private readonly loop = (): void => {
    const active = this.active;
    if (active === undefined) return;
    const queue = this.queue;
    const until = active.until;
    try {
      for (;;) {
        if (this.failure !== undefined) {
          const failure = this.failure;
          this.failure = undefined;
          this.fail(failure);
          return;
        }
        if (until !== undefined && until()) {
          this.finish('until');
          return;
        }
        if (this.holds > 0) {
          this.waitingForHolds = true;
          return;
        }
        const event = queue.peek();
        if (event === undefined) {
          if (active.untilNs !== Number.POSITIVE_INFINITY) this.now = active.untilNs;
          this.finish('quiescent');
          return;
        }
        if (event.atNs > active.untilNs) {
          this.now = active.untilNs;
          this.finish('time');
          return;
        }
        if (event.atNs > active.limitNs) {
          // The clock goes up to the bound, never back (an earlier run may have left it past).
          this.now = Math.max(this.now, active.limitNs);
          this.fail(simulatedTimeLimitError(active.limitNs));
          return;
        }
        if (this.eventCount >= this.maxEvents) {
          this.fail(eventLimitError(this.maxEvents, this.now));
          return;
        }
        queue.removePeeked();
        this.now = event.atNs;
        const callback = event.callback!;
        event.callback = undefined;
        this.eventCount++;
        callback();
        if (event.wakesAsync || this.drainRequested) {
          this.drainRequested = false;
          queueMicrotask(this.tickAfterMicrotasks);
          return;
        }
      }
    } catch (error) {
      this.drainRequested = false;
      this.fail(error);
    }
  };
}
