/** The comparison on the terminal: a title, one line per arm, the headline and the files written. */
import { formatLatencyUs } from '../charts/index.js';
import { formatFigureUs, formatRate } from '../run/format.js';
import type { LatencyFiguresUs } from '../run/summary.js';
import type { CompareArm, CompareFile } from './compare-file.js';
import { ratioChange, signedLatency } from './format.js';
import { compareHeadline } from './headline.js';

const COLUMNS = [
  { title: 'arm', width: 17, left: true },
  { title: 'verdict', width: 7, left: true },
  { title: 'IOPS', width: 7 },
  { title: 'live MB/s', width: 9 },
  { title: 'write p99', width: 10 },
  { title: 'read p99', width: 10 },
  { title: 'throughput', width: 10 },
  { title: 'Δ write p99', width: 11 },
  { title: 'worst stall', width: 11 },
] as const;

function line(cells: readonly string[]): string {
  return cells
    .map((cell, index) => {
      const column = COLUMNS[index]!;
      return 'left' in column ? cell.padEnd(column.width) : cell.padStart(column.width);
    })
    .join(' ')
    .trimEnd();
}

function armCells(arm: CompareArm): string[] {
  const versus = arm.versusBaseline;
  const p99 = (figures: LatencyFiguresUs): string => formatFigureUs(figures.p99);
  const ratio = versus?.throughputRatio;
  const delta = versus?.latencyDeltaUs.write.p99;
  const stall = versus?.stall.summary.worstMaxExtraUs;
  return [
    arm.name,
    arm.verdict.toUpperCase(),
    formatRate(arm.iops),
    formatRate(arm.liveThroughputMBps),
    p99(arm.latency.write),
    p99(arm.latency.read),
    versus === undefined ? 'baseline' : ratio ? ratioChange(ratio.mean) : '—',
    versus === undefined ? '' : delta ? signedLatency(delta.mean) : '—',
    versus === undefined ? '' : stall ? signedLatency(stall.mean) : '—',
  ];
}

/** The lines `cowsim compare` prints; `names` are the files written into `outDir`. */
export function renderCompareSummary(file: CompareFile, outDir: string, names: readonly string[]): string {
  const replications = `${file.replications} replication${file.replications === 1 ? '' : 's'}`;
  return [
    `cowsim compare: ${file.scenario}  (seed ${file.seed}, ${replications}, stall window ${formatLatencyUs(file.stallWindowSeconds * 1e6)}, ${file.wallSeconds} s wall)`,
    line(COLUMNS.map((column) => column.title)),
    ...file.arms.map((arm) => line(armCells(arm))),
    file.replications > 1 ? 'vs baseline: means over the replications (intervals in compare.json)' : 'vs baseline: one replication, no confidence interval (use --replications 2 or more)',
    compareHeadline(file),
    `wrote ${outDir}: ${names.join(', ')}`,
  ].join('\n');
}
