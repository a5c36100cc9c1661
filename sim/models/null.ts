/**
 * null: a drive that completes every request the instant it receives it, fio's null engine. A run
 * on it measures the kernel, SimDevice and the engine, with no hardware time at all.
 *
 * Parameters:
 * - queueDepth (default 1024): requests the drive accepts at once.
 * - capacityBytes (default 2^50, 1 PiB): large enough for any simulated volume.
 */
import { z } from 'zod';
import type { DiskModel, DiskModelPlugin, DiskRequest } from '../disk-model.js';
import { RingQueue } from '../ring-queue.js';

export const nullModelParamsSchema = z
  .object({
    queueDepth: z.number().int().min(1).default(1024),
    capacityBytes: z.number().int().positive().default(2 ** 50),
  })
  .strict();

export type NullModelParams = z.infer<typeof nullModelParamsSchema>;

export class NullModel implements DiskModel {
  readonly model = 'null';
  readonly capacityBytes: number;
  readonly queueDepth: number;
  private readonly held = new RingQueue<DiskRequest>();
  private readonly submittedAtNs = new RingQueue<number>();
  private completed = 0;

  constructor(params: NullModelParams) {
    this.capacityBytes = params.capacityBytes;
    this.queueDepth = params.queueDepth;
  }

  submit(request: DiskRequest, nowNs: number): void {
    this.held.push(request);
    this.submittedAtNs.push(nowNs);
  }

  nextCompletionNs(): number | undefined {
    return this.submittedAtNs.peek();
  }

  complete(): DiskRequest {
    const request = this.held.shift();
    if (request === undefined) throw new Error('NullModel.complete: no request outstanding');
    this.submittedAtNs.shift();
    this.completed++;
    return request;
  }

  outstanding(): number {
    return this.held.length;
  }

  figures(): Record<string, number> {
    return { completed: this.completed };
  }
}

export const nullModel: DiskModelPlugin<NullModelParams> = {
  name: 'null',
  description: 'completes every request at once: measures kernel and engine overhead',
  paramsSchema: nullModelParamsSchema,
  create: (params) => new NullModel(params),
};
