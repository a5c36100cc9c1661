/**
 * The engine's intake modelled as a controller front end: a FIFO queue before `servers` parallel
 * servers whose service times are drawn from a distribution. With more than one server and
 * varying service times, a write received earlier can leave after one received later - the case
 * the dual write in design.md section 1 exists for - and this stage counts how often it happens.
 */
import { z } from 'zod';
import type { Intake, ReceivedWrite } from '../engine/intake.js';
import type { Kernel } from './kernel.js';
import { LatencyHistogram, type LatencySummaryUs } from './latency-histogram.js';
import { lognormalParameters, type RandomStream } from './random.js';
import { RingQueue } from './ring-queue.js';

export const modelledIntakeParamsSchema = z
  .object({
    /** Writes in service at once (command slots, destage threads, paths). */
    servers: z.number().int().min(1).default(4),
    distribution: z.enum(['fixed', 'exponential', 'lognormal']).default('exponential'),
    meanServiceTimeUs: z.number().nonnegative().default(20),
    /** Lognormal only: standard deviation over mean. */
    coefficientOfVariation: z.number().positive().default(1),
  })
  .strict();

export type ModelledIntakeParams = z.infer<typeof modelledIntakeParamsSchema>;

export interface ModelledIntakeStats {
  /** Writes that left the intake (passed on to their chunk lock). */
  admitted: number;
  /** Writes that left while a write received earlier was still inside. */
  reordered: number;
  /** Waiting for a server. */
  queueTimeUs: LatencySummaryUs;
  /** Receipt to admission (queue plus service). */
  intakeTimeUs: LatencySummaryUs;
  maxQueueLength: number;
}

interface Waiting {
  readonly write: ReceivedWrite;
  readonly arrivedAtNs: number;
  readonly admit: () => void;
  /** Out of the intake (admitted); it stays in `inside` until every write received before it is out too. */
  left: boolean;
}

export class ModelledIntake implements Intake {
  private readonly queue = new RingQueue<Waiting>();
  private busyServers = 0;
  /**
   * Writes inside the intake in receive order, for reorder detection: writes arrive in receive
   * order, so the oldest one still inside is the first of this queue not yet marked left.
   */
  private readonly inside = new RingQueue<Waiting>();
  private readonly drawServiceNs: () => number;
  private admittedCount = 0;
  private reorderedCount = 0;
  private maxQueueLength = 0;
  private readonly queueTime = new LatencyHistogram();
  private readonly intakeTime = new LatencyHistogram();

  readonly params: ModelledIntakeParams;

  /** params are raw scenario values: validated here, defaults filled. */
  constructor(
    private readonly kernel: Kernel,
    params: z.input<typeof modelledIntakeParamsSchema>,
    random: RandomStream,
  ) {
    this.params = modelledIntakeParamsSchema.parse(params);
    const meanNs = this.params.meanServiceTimeUs * 1000;
    switch (this.params.distribution) {
      case 'fixed':
        this.drawServiceNs = () => Math.round(meanNs);
        break;
      case 'exponential':
        this.drawServiceNs = () => Math.round(random.exponential(meanNs));
        break;
      case 'lognormal': {
        if (meanNs === 0) {
          this.drawServiceNs = () => 0;
          break;
        }
        const { mu, sigma } = lognormalParameters(meanNs, meanNs * this.params.coefficientOfVariation);
        this.drawServiceNs = () => Math.round(random.lognormal(mu, sigma));
        break;
      }
    }
  }

  /** Resolves when the write leaves the intake for its chunk lock. */
  admit(write: ReceivedWrite): Promise<void> {
    const newest = this.inside.at(this.inside.length - 1);
    if (newest !== undefined && newest.write.sequence >= write.sequence) {
      return Promise.reject(new Error(`ModelledIntake: write ${write.sequence} received after write ${newest.write.sequence}: admit() must be called in receive order`));
    }
    return new Promise<void>((resolve) => {
      const waiting: Waiting = { write, arrivedAtNs: this.kernel.nowNs(), admit: resolve, left: false };
      this.inside.push(waiting);
      if (this.busyServers < this.params.servers) {
        this.startService(waiting);
      } else {
        this.queue.push(waiting);
        if (this.queue.length > this.maxQueueLength) this.maxQueueLength = this.queue.length;
      }
    });
  }

  /** Figures for the report; times in microseconds of virtual time. */
  stats(): ModelledIntakeStats {
    return {
      admitted: this.admittedCount,
      reordered: this.reorderedCount,
      queueTimeUs: this.queueTime.summaryUs(),
      intakeTimeUs: this.intakeTime.summaryUs(),
      maxQueueLength: this.maxQueueLength,
    };
  }

  private startService(waiting: Waiting): void {
    const nowNs = this.kernel.nowNs();
    this.busyServers++;
    this.queueTime.record(nowNs - waiting.arrivedAtNs);
    this.kernel.scheduleAfter(this.drawServiceNs(), () => this.leave(waiting));
  }

  private leave(waiting: Waiting): void {
    const nowNs = this.kernel.nowNs();
    waiting.left = true;
    const inside = this.inside;
    while (inside.length > 0 && inside.peek()!.left) inside.shift();
    if (inside.length > 0 && inside.peek()!.write.sequence < waiting.write.sequence) this.reorderedCount++;
    this.admittedCount++;
    this.intakeTime.record(nowNs - waiting.arrivedAtNs);
    this.busyServers--;
    waiting.admit();
    this.kernel.requestDrain();
    const next = this.queue.shift();
    if (next !== undefined) this.startService(next);
  }
}
