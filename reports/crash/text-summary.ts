/** The short text summary `cowsim crash` prints: what was explored, each property, the verdict. */
import { crashPropertyMeaning, type CrashFailure } from '../../workloads/crash/crash-figures.js';
import { formatCount } from '../run/format.js';
import type { CrashReport } from './crash-report.js';

/** Failures printed in full; crash.json keeps more. */
const PRINTED_FAILURES = 5;

/** One failure in two lines: what, where, and the command that replays it. */
export function describeFailure(failure: CrashFailure): string {
  const where = [
    `seed ${failure.seed}`,
    ...(failure.cut === undefined ? [] : [`cut ${failure.cut} (${failure.cutDescription})`]),
    ...(failure.state === undefined ? [] : [`state ${failure.state} (${failure.policy})`]),
    ...(failure.view === undefined ? [] : [failure.block === undefined ? failure.view : `${failure.view} block ${failure.block}`]),
  ].join(', ');
  const accepted = failure.accepted === undefined ? '' : `: accepted ${failure.accepted.map((id) => (id === 0 ? 'initial content' : `write #${id}`)).join(' or ')}, found ${failure.found}`;
  const what = failure.accepted === undefined ? `: ${failure.found}` : accepted;
  const fault = failure.fault === undefined ? '' : `\n    after injecting: ${failure.fault}`;
  return `  ${failure.property} ${where}${what}${fault}\n    reproduce: ${failure.reproduce}`;
}

/** The summary printed after a campaign. */
export function renderCrashSummary(report: CrashReport, outDir: string): string {
  const count = formatCount;
  const lastSeed = report.firstSeed + report.seeds - 1;
  const seeds = report.seeds === 1 ? `seed ${report.firstSeed}` : `seeds ${report.firstSeed}..${lastSeed}`;
  const replay = report.replay === null ? '' : `, replaying cut ${report.replay.cut}${report.replay.state === undefined ? '' : ` state ${report.replay.state}`}`;
  const lines = [
    `cowsim crash: ${report.scenario}  (${seeds}, ${report.engine}${replay})`,
    `explored    ${count(report.crashPointsTested)} crash points (${count(report.flushPointsTested)} flush points), ${count(report.crashStatesTested)} crash states, ${count(report.blocksChecked)} blocks checked`,
    `            logs of ${count(Math.round(report.logBoundaries.mean))} boundaries on average (at most ${count(report.logBoundaries.max)}), a volume flush every ${report.flushIntervalUs} us`,
    `exercised   ${count(report.cowCopies)} copies, ${count(report.dualWrites)} dual writes, ${count(report.snapshotsTaken)} snapshots (${count(report.storeFullSnapshots)} filled their image, ${count(report.snapshotsDeleted)} deleted)`,
    `S1 durable  ${count(report.lostAckedWrites)} acknowledged and flushed writes lost`,
    `S2 snapshot ${count(report.snapshotDivergences)} snapshot blocks outside their snapshot view`,
    `S3 torn     ${count(report.tornBlocks)} blocks of garbage or a torn mixture`,
    `S4 reopen   ${count(report.reopenFailures)} reopen failures`,
    `S5 faults   ${count(report.faultsInjected)} injected, ${count(report.faultsDetected)} detected, ${count(report.silentCorruptions)} silent wrong reads, ${count(report.unclearErrors)} unclear errors`,
    `liveness    ${count(report.livenessFailures)} runs that did not drain or left a lock held${report.runFailures > 0 ? `; ${count(report.runFailures)} runs failed verification` : ''}`,
    `indeterm.   ${count(report.indeterminateBlocks)} blocks had more than one accepted value`,
  ];
  if (report.verdict === 'pass') {
    lines.push(`verdict     PASS: no violation in ${count(report.crashStatesTested)} crash states`);
  } else {
    const seedsFailing = report.failingSeeds.length + report.failingSeedsOmitted;
    lines.push(`verdict     FAIL: ${count(report.violations)} violations in ${count(seedsFailing)} of ${count(report.seeds)} seeds`);
    const properties = [...new Set(report.failures.map((failure) => failure.property))];
    for (const property of properties) lines.push(`            ${property}: ${crashPropertyMeaning[property]}`);
    lines.push(`first failures (crash.json keeps ${report.failures.length}):`);
    for (const failure of report.failures.slice(0, PRINTED_FAILURES)) lines.push(describeFailure(failure));
  }
  lines.push(`wrote ${outDir}`);
  return lines.join('\n');
}
