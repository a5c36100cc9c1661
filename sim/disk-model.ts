/**
 * The contract between SimDevice and a disk hardware model. Models are synchronous and know
 * nothing of the engine or of promises: SimDevice hands them requests and asks when the next one
 * completes; the kernel fires a timer at that instant. This keeps disk internals off the
 * microtask queue (design.md section 3: synchronous callbacks are an order of magnitude faster).
 */
export type DiskOperation = 'read' | 'write' | 'flush';

export interface DiskRequest {
  /** Unique per device, increasing in submission order. */
  readonly id: number;
  readonly operation: DiskOperation;
  /** Byte offset on the medium at the nominal block size (payloads may be smaller). */
  readonly offsetBytes: number;
  /** Nominal size in bytes (0 for flush). */
  readonly sizeBytes: number;
  /** Virtual time at which the host queued the request. */
  readonly queuedAtNs: number;
}

export interface DiskModel {
  /** Registry name of the model: 'null', 'fixed', 'hdd', 'ssd', 'nvme'. */
  readonly model: string;
  readonly capacityBytes: number;
  /** How many requests the drive holds at once (NCQ depth, NVMe queue slots, servers). */
  readonly queueDepth: number;
  /** The host hands the drive a request; the drive holds fewer than queueDepth before the call. */
  submit(request: DiskRequest, nowNs: number): void;
  /** Virtual time of the drive's next completion, or undefined when it holds nothing. */
  nextCompletionNs(): number | undefined;
  /** Removes and returns the request completing at nextCompletionNs() (called at that time). */
  complete(nowNs: number): DiskRequest;
  /** Number of requests the drive holds now. */
  outstanding(): number;
  /** Model-specific figures, for example writeAmplification or gcCollections for an ssd. */
  figures(): Record<string, number>;
}

/** A uniform [0, 1) source from one of the run's seeded streams. */
export type UniformSource = () => number;

/**
 * A disk model plug-in, fio style: a name, a zod schema of its parameters (defaults filled in,
 * unknown keys refused), and a factory. Every model file exports one; sim/disk-models.ts is the
 * registry that lists them.
 */
export interface DiskModelPlugin<P = any> {
  readonly name: string;
  /** One line for `cowsim presets`. */
  readonly description: string;
  /** A zod schema (zod v4) that parses raw parameters into P, filling defaults. */
  readonly paramsSchema: import('zod').ZodType<P>;
  create(params: P, random: UniformSource): DiskModel;
}

/** A named parameter set for a plug-in, with the published source of its figures. */
export interface DiskPreset {
  readonly name: string;
  readonly model: string;
  readonly description: string;
  /** Where the figures come from: datasheet, paper or simulator parameter file. */
  readonly source: string;
  readonly params: Record<string, unknown>;
}
