/**
 * Trace replay: the records of an MSR Cambridge, blkparse or fio iolog trace issued against the
 * live view, folded onto the workload's range. Timed records are issued at their (scaled) trace
 * time, open loop, with at most jobs x iodepth outstanding; untimed ones (fio iolog v2) closed
 * loop at that depth. A write that overlaps one still in flight is held back by the
 * ApplicationIo's block guard, as design.md section 1 requires.
 */
import { openTrace, type TraceRecord } from './traces/index.js';
import type { ResolvedWorkload } from './scenario/resolve.js';
import type { WorkloadContext } from './workload-context.js';

/** Starts the replay of one trace workload. */
export function startTraceReplay(context: WorkloadContext, workload: ResolvedWorkload, index: number): void {
  const trace = workload.trace!;
  const { kernel, control } = context;
  const blockSize = context.blockSizeBytes;
  const cap = workload.jobs * workload.iodepth;
  let issued = 0;
  const exhausted = (): boolean => control.stopped || issued >= workload.ios || kernel.nowNs() >= workload.stopAtNs;

  const issue = (record: TraceRecord, arrivedAtNs: number): Promise<void> => {
    issued++;
    const block = workload.rangeStartBlock + Math.floor(record.offsetBytes / blockSize);
    const count = Math.max(1, Math.ceil(record.sizeBytes / blockSize));
    const job = issued % workload.jobs;
    return record.operation === 'write' ? context.io.write(index, job, block, count, arrivedAtNs) : context.io.read(index, block, count, arrivedAtNs);
  };

  kernel.spawn(`${workload.name} replay`, async () => {
    if (workload.startAtNs > kernel.nowNs()) await kernel.wakeAt(workload.startAtNs);
    let outstanding = 0;
    let wake: (() => void) | undefined;
    const settled = (): void => {
      outstanding--;
      const resume = wake;
      wake = undefined;
      resume?.();
    };
    do {
      const passStartNs = kernel.nowNs();
      const records = openTrace(trace.file, {
        ...(trace.format ? { format: trace.format } : {}),
        speed: trace.speed,
        fold: trace.fold,
        align: true,
        volume: { sizeBytes: workload.rangeBlocks * blockSize, blockSizeBytes: blockSize },
        ...(trace.maxRecords ? { maxRecords: trace.maxRecords } : {}),
      });
      const iterator = records[Symbol.asyncIterator]();
      for (;;) {
        // Reading the file is real I/O: the clock must not move while it is under way.
        const next = await kernel.hold(iterator.next());
        if (next.done) break;
        const record = next.value;
        if (exhausted()) {
          await iterator.return?.();
          break;
        }
        if (!record.untimed && passStartNs + record.atNs > kernel.nowNs()) await kernel.wakeAt(passStartNs + record.atNs);
        while (outstanding >= cap) await new Promise<void>((resolve) => (wake = resolve));
        if (exhausted()) break;
        outstanding++;
        const arrivedAtNs = record.untimed ? kernel.nowNs() : passStartNs + record.atNs;
        issue(record, arrivedAtNs).then(settled, control.fail);
      }
    } while (trace.loop && !exhausted());
  });
}
