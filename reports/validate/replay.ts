/**
 * Replays a trace with recorded times on one simulated device alone: a SimDevice with the
 * device's model and host scheduler, no engine, no volume. Requests go to the trace's addresses
 * in 512-byte sectors (a request covers every sector it touches). Open loop: each request is
 * issued at its recorded time; closed loop (DiskSim's validate traces): one at a time, each
 * issued `nextinter` after the previous completes, as DiskSim's iodriver does. The simulated
 * response time of a request runs from its issue to its completion.
 */
import { InputError } from '../../engine/errors.js';
import { findDiskModel } from '../../sim/disk-models.js';
import { Kernel } from '../../sim/kernel.js';
import { RandomStreams } from '../../sim/random.js';
import { SimDevice } from '../../sim/sim-device.js';
import type { DeviceEntry } from '../../workloads/scenario/resolve.js';
import { MAX_TIME_NS, MAX_TIME_TEXT } from '../../workloads/scenario/limits.js';
import type { RecordedTrace } from '../../workloads/traces/recorded-trace.js';

/** The unit the device is addressed in. */
export const SECTOR_BYTES = 512;
/** The seed of the model's random stream: validation is deterministic. */
export const VALIDATE_SEED = 1;

/** What a replay measured. */
export interface ReplayResult {
  /** Per request of the trace, in trace order: issue to completion, integer ns. */
  readonly simulatedNs: Float64Array;
  /** Per request, in trace order: when it was issued, integer ns of virtual time. */
  readonly issuedAtNs: Float64Array;
  /** Virtual time when the last request completed. */
  readonly endNs: number;
  /** Kernel events run. */
  readonly events: number;
}

/** The model a device entry names, created with the validation seed. */
function createModel(device: DeviceEntry) {
  const plugin = findDiskModel(device.model);
  if (plugin === undefined) throw new Error(`validate: disk model ${device.model} is not registered`);
  return plugin.create(device.params, new RandomStreams(VALIDATE_SEED).get('device.validate').next);
}

/** The device's capacity in bytes (its model's). */
export function deviceCapacityBytes(device: DeviceEntry): number {
  return createModel(device).capacityBytes;
}

/**
 * Refuses a trace that addresses past the device's capacity or times past what simulated time
 * holds exactly: InputError naming the file, the line and the limit.
 */
export function checkTraceFits(trace: RecordedTrace, capacityBytes: number): void {
  const usable = Math.floor(capacityBytes / SECTOR_BYTES) * SECTOR_BYTES;
  for (const request of trace.requests) {
    const endBytes = Math.ceil((request.offsetBytes + request.sizeBytes) / SECTOR_BYTES) * SECTOR_BYTES;
    if (endBytes > usable) {
      throw new InputError(trace.file, `line ${request.line}`, `a request within the device's capacity of ${usable} bytes (${usable / SECTOR_BYTES} sectors of ${SECTOR_BYTES} bytes)`, `bytes ${request.offsetBytes} to ${request.offsetBytes + request.sizeBytes}`);
    }
    if (request.timingNs > MAX_TIME_NS || request.recordedNs > MAX_TIME_NS) {
      throw new InputError(trace.file, `line ${request.line}`, `times of at most ${MAX_TIME_TEXT} (simulated time is an exact integer of nanoseconds)`, `${Math.max(request.timingNs, request.recordedNs)} ns`);
    }
  }
}

/** Replays the trace on the device; the trace must fit it (checkTraceFits). */
export async function replayTrace(trace: RecordedTrace, device: DeviceEntry): Promise<ReplayResult> {
  const kernel = new Kernel();
  const model = createModel(device);
  const sim = new SimDevice({
    name: 'device',
    kernel,
    model,
    scheduler: device.scheduler,
    blockSize: 1,
    blockCount: Math.floor(model.capacityBytes / SECTOR_BYTES),
    nominalBlockSizeBytes: SECTOR_BYTES,
    // Trace requests may overlap in flight (open loop); the payload is of no interest here.
    strict: false,
    keepPayload: false,
  });
  const requests = trace.requests;
  const count = requests.length;
  const issuedAtNs = new Float64Array(count);
  const simulatedNs = new Float64Array(count);
  let completed = 0;
  let endNs = 0;
  let failure: { error: unknown } | undefined;
  const closedLoop = trace.issue === 'closed-loop';
  let payload = new Uint8Array(0);

  const issue = (index: number): void => {
    const request = requests[index]!;
    const block = Math.floor(request.offsetBytes / SECTOR_BYTES);
    const blocks = Math.max(1, Math.ceil((request.offsetBytes + request.sizeBytes) / SECTOR_BYTES) - block);
    const nowNs = kernel.nowNs();
    issuedAtNs[index] = nowNs;
    let done: Promise<unknown>;
    if (request.operation === 'read') done = sim.read(block, blocks);
    else {
      // Writes land nowhere (keepPayload false): one zero buffer of the largest size serves all.
      if (payload.length < blocks) payload = new Uint8Array(blocks);
      done = sim.write(block, payload.subarray(0, blocks));
    }
    done.then(
      () => {
        const atNs = kernel.nowNs();
        simulatedNs[index] = atNs - issuedAtNs[index]!;
        completed += 1;
        endNs = Math.max(endNs, atNs);
        if (closedLoop && index + 1 < count) kernel.schedule(atNs + request.timingNs, () => issue(index + 1));
      },
      (error: unknown) => {
        failure ??= { error };
      },
    );
    if (!closedLoop && index + 1 < count) kernel.schedule(requests[index + 1]!.timingNs, () => issue(index + 1));
  };
  kernel.schedule(closedLoop ? 0 : requests[0]!.timingNs, () => issue(0));
  await kernel.run();
  if (failure !== undefined) throw failure.error;
  if (completed !== count) throw new Error(`validate: ${count - completed} of ${count} requests never completed`);
  return { simulatedNs, issuedAtNs, endNs, events: kernel.eventsRun };
}
