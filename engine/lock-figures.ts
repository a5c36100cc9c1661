import { LatencyHistogram } from './latency-histogram.js';

export interface LockFigures {
  acquisitions: number;
  /** Acquisitions that found the lock held and had to wait. */
  contended: number;
  waitMeanNs: number;
  waitP50Ns: number;
  waitP99Ns: number;
  waitMaxNs: number;
  holdMeanNs: number;
  holdP99Ns: number;
  holdMaxNs: number;
  /** Most requests ever waiting on one lock at once. */
  maxQueue: number;
}

/** Wait and hold figures of one purpose. */
export class FigureRecorder {
  acquisitions = 0;
  contended = 0;
  maxQueue = 0;
  readonly wait = new LatencyHistogram();
  readonly hold = new LatencyHistogram();

  /** Adds another recorder's figures: a total over purposes equals recording into both. */
  merge(other: FigureRecorder): void {
    this.acquisitions += other.acquisitions;
    this.contended += other.contended;
    this.maxQueue = Math.max(this.maxQueue, other.maxQueue);
    this.wait.merge(other.wait);
    this.hold.merge(other.hold);
  }

  /** Wait time in ns at each percentile (0..100), for a distribution chart. */
  waitAtPercentiles(percentiles: readonly number[]): number[] {
    return percentiles.map((percentile) => (this.acquisitions === 0 ? 0 : this.wait.percentileNs(percentile)));
  }

  figures(): LockFigures {
    const n = this.acquisitions;
    const holds = this.hold.count;
    return {
      acquisitions: n,
      contended: this.contended,
      waitMeanNs: n === 0 ? 0 : this.wait.totalNs / n,
      waitP50Ns: n === 0 ? 0 : this.wait.percentileNs(50),
      waitP99Ns: n === 0 ? 0 : this.wait.percentileNs(99),
      waitMaxNs: n === 0 ? 0 : this.wait.maxNs,
      holdMeanNs: holds === 0 ? 0 : this.hold.totalNs / holds,
      holdP99Ns: holds === 0 ? 0 : this.hold.percentileNs(99),
      holdMaxNs: holds === 0 ? 0 : this.hold.maxNs,
      maxQueue: this.maxQueue,
    };
  }
}
