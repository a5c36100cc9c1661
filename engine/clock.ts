/** The engine's only source of time: virtual nanoseconds in the simulator, a counter in tests. */
export interface Clock {
  nowNs(): number;
}

/** A clock that a test moves by hand. */
export class ManualClock implements Clock {
  constructor(private timeNs = 0) {}
  nowNs(): number {
    return this.timeNs;
  }
  advance(deltaNs: number): void {
    this.timeNs += deltaNs;
  }
}
