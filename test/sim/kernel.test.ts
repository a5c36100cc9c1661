import { describe, expect, it } from 'vitest';
import { Kernel, ProcessFailedError } from '../../sim/kernel.js';

describe('Kernel: virtual time and event order', () => {
  it('starts at 0 and runs events in time order, advancing the clock to each', async () => {
    const kernel = new Kernel();
    const seen: [string, number][] = [];
    kernel.schedule(30, () => seen.push(['c', kernel.nowNs()]));
    kernel.schedule(10, () => seen.push(['a', kernel.nowNs()]));
    kernel.schedule(20, () => seen.push(['b', kernel.nowNs()]));
    expect(kernel.nowNs()).toBe(0);
    const result = await kernel.run();
    expect(seen).toEqual([['a', 10], ['b', 20], ['c', 30]]);
    expect(result).toEqual({ reason: 'quiescent', nowNs: 30, events: 3 });
  });

  it('breaks ties at one instant by priority (lower first), then by scheduling order', async () => {
    const kernel = new Kernel();
    const seen: string[] = [];
    kernel.schedule(5, () => seen.push('p0-first'));
    kernel.schedule(5, () => seen.push('p1'), 1);
    kernel.schedule(5, () => seen.push('p-1'), -1);
    kernel.schedule(5, () => seen.push('p0-second'));
    kernel.schedule(4, () => seen.push('earlier'), 99);
    await kernel.run();
    expect(seen).toEqual(['earlier', 'p-1', 'p0-first', 'p0-second', 'p1']);
  });

  it('runs events a callback schedules for the current instant in the same instant', async () => {
    const kernel = new Kernel();
    const seen: string[] = [];
    kernel.schedule(7, () => {
      kernel.schedule(7, () => seen.push(`inner at ${kernel.nowNs()}`));
      seen.push('outer');
    });
    kernel.schedule(8, () => seen.push('later'));
    await kernel.run();
    expect(seen).toEqual(['outer', 'inner at 7', 'later']);
  });

  it('refuses times in the past and times that are not whole nanoseconds', async () => {
    const kernel = new Kernel();
    kernel.schedule(10, () => undefined);
    await kernel.run();
    expect(() => kernel.schedule(9, () => undefined)).toThrow(/already at 10 ns/);
    expect(() => kernel.schedule(10.5, () => undefined)).toThrow(/integer/);
    expect(() => kernel.scheduleAfter(-1, () => undefined)).toThrow(/already at/);
    await expect(kernel.sleep(0.5)).rejects.toThrow(/integer/);
    await expect(kernel.sleep(-1)).rejects.toThrow(/non-negative/);
  });

  it('cancels a pending event, once', async () => {
    const kernel = new Kernel();
    const seen: string[] = [];
    const event = kernel.schedule(10, () => seen.push('cancelled'));
    kernel.schedule(20, () => seen.push('kept'));
    expect(kernel.pendingEvents()).toBe(2);
    expect(kernel.cancel(event)).toBe(true);
    expect(kernel.cancel(event)).toBe(false);
    expect(kernel.pendingEvents()).toBe(1);
    expect(kernel.peekNs()).toBe(20);
    await kernel.run();
    expect(seen).toEqual(['kept']);
  });
});

describe('Kernel: run limits', () => {
  it('stops at untilNs: events at untilNs run, later ones wait, and the clock ends at untilNs', async () => {
    const kernel = new Kernel();
    const seen: number[] = [];
    for (const atNs of [10, 20, 30]) kernel.schedule(atNs, () => seen.push(atNs));
    expect(await kernel.run({ untilNs: 20 })).toEqual({ reason: 'time', nowNs: 20, events: 2 });
    expect(seen).toEqual([10, 20]);
    expect(await kernel.run({ untilNs: 25 })).toEqual({ reason: 'time', nowNs: 25, events: 0 });
    expect(await kernel.run()).toEqual({ reason: 'quiescent', nowNs: 30, events: 1 });
  });

  it('moves the clock to untilNs when the kernel goes quiet earlier', async () => {
    const kernel = new Kernel();
    kernel.schedule(5, () => undefined);
    expect(await kernel.run({ untilNs: 1000 })).toEqual({ reason: 'quiescent', nowNs: 1000, events: 1 });
  });

  it('stops as soon as the predicate holds, and can carry on afterwards', async () => {
    const kernel = new Kernel();
    let count = 0;
    const tick = (): void => {
      count++;
      kernel.scheduleAfter(10, tick);
    };
    kernel.schedule(0, tick);
    const result = await kernel.run({ until: () => count === 5 });
    expect(result.reason).toBe('until');
    expect(result.nowNs).toBe(40);
    await kernel.run({ untilNs: 100 });
    expect(count).toBe(11);
  });

  it('goes quiescent leaving processes that wait on nothing pending, with no rejection', async () => {
    const kernel = new Kernel();
    const never = new Promise<void>(() => undefined);
    const stuck = kernel.spawn('stuck', async () => {
      await kernel.sleep(10);
      await never;
    });
    const result = await kernel.run();
    expect(result.reason).toBe('quiescent');
    expect(result.nowNs).toBe(10);
    expect(stuck.state).toBe('running');
  });

  it('steps one event at a time, continuations included', async () => {
    const kernel = new Kernel();
    const seen: string[] = [];
    kernel.spawn('p', async () => {
      await kernel.sleep(10);
      await Promise.resolve();
      seen.push(`p@${kernel.nowNs()}`);
    });
    kernel.schedule(20, () => seen.push('e@20'));
    expect(await kernel.step()).toBe(true); // the spawn
    expect(seen).toEqual([]);
    expect(await kernel.step()).toBe(true); // the wake-up and its continuation
    expect(seen).toEqual(['p@10']);
    expect(await kernel.step()).toBe(true);
    expect(seen).toEqual(['p@10', 'e@20']);
    expect(await kernel.step()).toBe(false);
  });

  it('refuses a second run while one is running', async () => {
    const kernel = new Kernel();
    kernel.schedule(10, () => undefined);
    const first = kernel.run();
    expect(kernel.isRunning).toBe(true);
    await expect(kernel.run()).rejects.toThrow(/already running/);
    await first;
    expect(kernel.isRunning).toBe(false);
  });
});

describe('Kernel: processes', () => {
  it('runs processes that sleep in virtual time, interleaved by wake-up time', async () => {
    const kernel = new Kernel();
    const seen: string[] = [];
    const worker = (name: string, delayNs: number) => async (): Promise<number> => {
      for (let step = 0; step < 3; step++) {
        await kernel.sleep(delayNs);
        seen.push(`${name}@${kernel.nowNs()}`);
      }
      return delayNs;
    };
    const fast = kernel.spawn('fast', worker('fast', 10));
    const slow = kernel.spawn('slow', worker('slow', 25));
    await kernel.run();
    expect(seen).toEqual(['fast@10', 'fast@20', 'slow@25', 'fast@30', 'slow@50', 'slow@75']);
    expect(await fast.done).toBe(10);
    expect(await slow.done).toBe(25);
    expect(fast.state).toBe('done');
  });

  it('starts spawned processes in spawn order at the current instant', async () => {
    const kernel = new Kernel();
    const seen: string[] = [];
    kernel.schedule(100, () => {
      kernel.spawn('b', async () => seen.push(`b@${kernel.nowNs()}`));
      kernel.spawn('c', async () => seen.push(`c@${kernel.nowNs()}`));
    });
    kernel.spawn('a', async () => seen.push(`a@${kernel.nowNs()}`));
    await kernel.run();
    expect(seen).toEqual(['a@0', 'b@100', 'c@100']);
  });

  it('wakes at an absolute time', async () => {
    const kernel = new Kernel();
    let wokeAt = -1;
    kernel.spawn('waiter', async () => {
      await kernel.wakeAt(1234);
      wokeAt = kernel.nowNs();
    });
    await kernel.run();
    expect(wokeAt).toBe(1234);
  });

  it('rejects the run with an error naming a process that fails, keeping the cause', async () => {
    const kernel = new Kernel();
    const cause = new TypeError('bad block');
    kernel.spawn('healthy', async () => {
      for (;;) await kernel.sleep(10);
    });
    const failing = kernel.spawn('writer-3', async () => {
      await kernel.sleep(25);
      throw cause;
    });
    const error = await kernel.run().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ProcessFailedError);
    expect((error as ProcessFailedError).processName).toBe('writer-3');
    expect((error as ProcessFailedError).cause).toBe(cause);
    expect((error as Error).message).toBe('process "writer-3" failed at 25 ns: bad block');
    expect(kernel.nowNs()).toBe(25);
    expect(failing.state).toBe('failed');
    await expect(failing.done).rejects.toBe(cause);
  });

  it('reports a process that throws synchronously', async () => {
    const kernel = new Kernel();
    kernel.spawn('sync-thrower', () => {
      throw new Error('at once');
    });
    await expect(kernel.run()).rejects.toThrow('process "sync-thrower" failed at 0 ns: at once');
  });

  it('reports a failure that happened between runs at the next run', async () => {
    const kernel = new Kernel();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    kernel.spawn('late', async () => {
      await gate;
      throw new Error('after the run');
    });
    await kernel.run();
    release();
    await new Promise((resolve) => setImmediate(resolve));
    await expect(kernel.run()).rejects.toThrow(/process "late" failed/);
    // Reported once: the kernel is usable again.
    await expect(kernel.run()).resolves.toMatchObject({ reason: 'quiescent' });
  });

  it('rejects the run with the exception of a synchronous callback', async () => {
    const kernel = new Kernel();
    kernel.schedule(3, () => {
      throw new Error('model bug');
    });
    kernel.schedule(4, () => undefined);
    await expect(kernel.run()).rejects.toThrow('model bug');
    expect(kernel.nowNs()).toBe(3);
    expect(kernel.pendingEvents()).toBe(1);
  });
});

describe('Kernel.hold: real-world work in the middle of a run', () => {
  it('keeps the clock still until the held work settles', async () => {
    const kernel = new Kernel();
    const seen: number[] = [];
    kernel.spawn('reader', async () => {
      await kernel.sleep(10);
      // A real (wall-clock) delay: without hold the kernel would run the timer below first.
      await kernel.hold(new Promise((resolve) => setTimeout(resolve, 20)));
      seen.push(kernel.nowNs());
    });
    kernel.schedule(15, () => seen.push(-15));
    await kernel.run();
    expect(seen).toEqual([10, -15]);
  });
});
