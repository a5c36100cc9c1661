/**
 * The Faults section of report.html, in runs whose scenario injects faults: what was injected on
 * each device (kept apart from the data, design.md section 7), and what became of it: I/O errors
 * the workloads survived, preserve commands and deletes that failed, and mismatches the oracle put
 * down to silent corruption of the origin image.
 */
import { faultKinds, faultTagOf } from '../../sim/faults/fault-plan.js';
import type { FaultRecord } from '../../sim/faults/fault-log.js';
import { formatCell, htmlTable, keyValueTable, paragraph } from '../html/index.js';
import type { RunResult } from '../../workloads/run-result.js';
import type { FaultSummary } from './summary.js';

/** Explained mismatches listed in detail. */
const EXPLAINED_ROWS = 10;

/** The section's HTML: injected faults per kind and device, their outcome, and the first faults and explained mismatches. */
export function faultSectionHtml(result: RunResult, faults: FaultSummary): string {
  const injectedRows = faultKinds.map((kind) => ({
    kind,
    tag: faultTagOf(kind),
    origin: faults.origin.injected[kind],
    snapshotStore: faults.snapshotStore.injected[kind],
  }));
  const injected = htmlTable(
    injectedRows,
    ['kind', { key: 'tag', label: 'expected of the stack' }, { key: 'origin', label: 'origin' }, { key: 'snapshotStore', label: 'snapshot store' }],
    { caption: 'faults injected, per kind (survive: carry on correctly; detect: silent corruption to be detected)' },
  );
  const { ioErrors } = faults;
  const outcome = keyValueTable(
    {
      'reads failed (I/O error)': ioErrors.read,
      'writes failed (I/O error)': ioErrors.write,
      'snapshot reads refused (fault detected)': ioErrors.snapshotRead,
      'blocks unreadable in the final check': ioErrors.finalCheck,
      'preserve commands failed': faults.failedPreserves,
      'deletes failed': faults.failedDeletes,
      'mismatches explained by origin faults': faults.explainedMismatches,
      'snapshots invalidated by image faults (detected)': faults.snapshotsInvalidated,
    },
    { caption: 'what became of them' },
  );
  const records = (['origin', 'snapshotStore'] as const).flatMap((role) => result.faults?.records[role].map((record) => recordRow(role, record)) ?? []);
  const recordTable =
    records.length === 0
      ? ''
      : htmlTable(records, ['device', { key: 'atMs', label: 'at (ms)' }, 'kind', 'operation', 'blocks', 'detail'], {
          caption: 'the first injected faults of each device',
        });
  const explained = result.faults?.explainedDetails.slice(0, EXPLAINED_ROWS) ?? [];
  const explainedTable =
    explained.length === 0
      ? ''
      : htmlTable(
          explained.map((mismatch) => ({ ...mismatch })),
          ['view', 'block', 'when', 'expected', 'found'],
          { caption: `mismatches explained by injected faults (${explained.length} of ${formatCell(faults.explainedMismatches)})` },
        );
  return (
    paragraph(
      'Faults are injected by decorators around the simulated devices; the data they damage and the record of what was ' +
        'injected are kept apart, so this section separates what was injected from what the engine did with it. ' +
        'The origin image carries no checksums, so a mismatch on an origin block a silent fault damaged is explained, ' +
        'not counted against the engine; any other mismatch fails the run.',
    ) +
    injected +
    outcome +
    recordTable +
    explainedTable
  );
}

function recordRow(role: 'origin' | 'snapshotStore', record: FaultRecord): Record<string, string | number> {
  return {
    device: role === 'origin' ? 'origin' : 'snapshot store',
    atMs: record.atNs / 1e6,
    kind: record.kind,
    operation: record.operation,
    blocks: record.count === 1 ? `${record.block}` : `${record.block}..${record.block + record.count - 1}`,
    detail: record.detail,
  };
}
