/**
 * fixed: k identical servers with a deterministic or exponential service time, the textbook queue
 * (M/D/k, M/M/k) that validates the kernel and SimDevice against queueing theory. Requests beyond
 * the servers wait inside the drive in arrival order; the host queue holds the rest.
 *
 * Parameters:
 * - servers (default 1): requests served at once.
 * - queueDepth (default = servers): requests the drive holds, serving or waiting.
 * - meanServiceTimeUs (default 100): mean service time per request, whatever its size or kind.
 * - distribution (default 'exponential'): 'exponential' or 'deterministic'.
 * - capacityBytes (default 2^50, 1 PiB).
 */
import { z } from 'zod';
import type { DiskModel, DiskModelPlugin, DiskRequest, UniformSource } from '../disk-model.js';
import { RingQueue } from '../ring-queue.js';
import { MAX_OPERATION_US } from './param-limits.js';

export const fixedModelParamsSchema = z
  .object({
    // Each change scans the servers, and each has a slot: a few thousand is the useful range.
    servers: z.number().int().min(1).max(4096).default(1),
    queueDepth: z.number().int().min(1).optional(),
    meanServiceTimeUs: z.number().positive().max(MAX_OPERATION_US).default(100),
    distribution: z.enum(['exponential', 'deterministic']).default('exponential'),
    capacityBytes: z.number().int().positive().default(2 ** 50),
  })
  .strict()
  .refine((params) => params.queueDepth === undefined || params.queueDepth >= params.servers, {
    message: 'queueDepth must be at least servers',
    path: ['queueDepth'],
  });

export type FixedModelParams = z.infer<typeof fixedModelParamsSchema>;

export class FixedModel implements DiskModel {
  readonly model = 'fixed';
  readonly capacityBytes: number;
  readonly queueDepth: number;
  private readonly meanServiceNs: number;
  private readonly exponential: boolean;
  /** Per server: the request in service (undefined when idle) and its completion time. */
  private readonly serving: (DiskRequest | undefined)[];
  private readonly completionNs: Float64Array;
  private readonly waiting = new RingQueue<DiskRequest>();
  private busyServers = 0;
  /** Index of the server completing next, or -1; recomputed on each change (servers are few). */
  private nextServer = -1;
  private completed = 0;
  private serviceSumNs = 0;

  constructor(
    params: FixedModelParams,
    private readonly random: UniformSource,
  ) {
    this.capacityBytes = params.capacityBytes;
    this.queueDepth = params.queueDepth ?? params.servers;
    this.meanServiceNs = params.meanServiceTimeUs * 1000;
    this.exponential = params.distribution === 'exponential';
    this.serving = new Array<DiskRequest | undefined>(params.servers).fill(undefined);
    this.completionNs = new Float64Array(params.servers);
  }

  submit(request: DiskRequest, nowNs: number): void {
    if (this.busyServers < this.serving.length) this.start(request, nowNs);
    else this.waiting.push(request);
  }

  nextCompletionNs(): number | undefined {
    return this.nextServer < 0 ? undefined : this.completionNs[this.nextServer];
  }

  complete(nowNs: number): DiskRequest {
    const server = this.nextServer;
    if (server < 0) throw new Error('FixedModel.complete: no request outstanding');
    const request = this.serving[server]!;
    this.serving[server] = undefined;
    this.busyServers--;
    this.completed++;
    const next = this.waiting.shift();
    if (next !== undefined) this.start(next, nowNs);
    else this.findNextServer();
    return request;
  }

  outstanding(): number {
    return this.busyServers + this.waiting.length;
  }

  figures(): Record<string, number> {
    return {
      completed: this.completed,
      meanServiceTimeUs: this.completed === 0 ? 0 : this.serviceSumNs / this.completed / 1000,
    };
  }

  private start(request: DiskRequest, nowNs: number): void {
    const serviceNs = this.exponential
      ? Math.round(-this.meanServiceNs * Math.log(1 - this.random()))
      : Math.round(this.meanServiceNs);
    const server = this.serving.indexOf(undefined);
    this.serving[server] = request;
    this.completionNs[server] = nowNs + serviceNs;
    this.busyServers++;
    this.serviceSumNs += serviceNs;
    this.findNextServer();
  }

  /** Earliest completion; ties go to the lower request id, so the order never depends on slots. */
  private findNextServer(): void {
    let best = -1;
    for (let server = 0; server < this.serving.length; server++) {
      const request = this.serving[server];
      if (request === undefined) continue;
      if (
        best < 0 ||
        this.completionNs[server]! < this.completionNs[best]! ||
        (this.completionNs[server] === this.completionNs[best] && request.id < this.serving[best]!.id)
      ) {
        best = server;
      }
    }
    this.nextServer = best;
  }
}

export const fixedModel: DiskModelPlugin<FixedModelParams> = {
  name: 'fixed',
  description: 'k servers with deterministic or exponential service time: validates against queueing theory',
  paramsSchema: fixedModelParamsSchema,
  create: (params, random) => new FixedModel(params, random),
};
