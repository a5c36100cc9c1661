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
}

export class ModelledIntake implements Intake {
  private readonly queue = new RingQueue<Waiting>();
  private busyServers = 0;
  /** Receive sequences of writes inside the intake, for reorder detection (few: queue plus servers). */
  private readonly inside = new SequenceMinHeap();
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
    return new Promise<void>((resolve) => {
      this.inside.push(write.sequence);
      const waiting: Waiting = { write, arrivedAtNs: this.kernel.nowNs(), admit: resolve };
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
    this.inside.remove(waiting.write.sequence);
    if (this.inside.min() < waiting.write.sequence) this.reorderedCount++;
    this.admittedCount++;
    this.intakeTime.record(nowNs - waiting.arrivedAtNs);
    this.busyServers--;
    waiting.admit();
    this.kernel.requestDrain();
    const next = this.queue.shift();
    if (next !== undefined) this.startService(next);
  }
}

/** A min-heap of receive sequences with lazy removal: removals are remembered until they surface. */
class SequenceMinHeap {
  private readonly heap: number[] = [];
  private readonly removed = new Set<number>();

  push(sequence: number): void {
    const heap = this.heap;
    let index = heap.length;
    heap.push(sequence);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent]! <= sequence) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = sequence;
  }

  remove(sequence: number): void {
    this.removed.add(sequence);
  }

  /** Smallest sequence still inside, or +Infinity. */
  min(): number {
    const heap = this.heap;
    while (heap.length > 0 && this.removed.has(heap[0]!)) {
      this.removed.delete(heap[0]!);
      this.popTop();
    }
    return heap.length > 0 ? heap[0]! : Number.POSITIVE_INFINITY;
  }

  private popTop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]! < heap[left]! ? right : left;
      if (heap[child]! >= last) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = last;
  }
}
