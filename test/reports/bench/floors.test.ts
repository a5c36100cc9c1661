/**
 * The bench's floors (reports/bench/floors.ts) are figures the issue-12 goals are judged against:
 * a floor that skipped its I/Os would make every goal look out of reach for no reason. Speed is
 * never asserted here (npm run bench measures it); what the floors do is.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measureChild } from '../../../reports/bench/end-to-end.js';

const CHILD = fileURLToPath(new URL('../../../dist/reports/bench/floor-child.js', import.meta.url));

describe('bench floors: the end-to-end scenarios straight into the engine', () => {
  it.each([
    ['null', 20_000],
    ['mm1', 20_000],
    ['null', 0],
  ])('the %s floor completes exactly the %i I/Os it is asked for, and its CPU is measured', (kind, ios) => {
    const cost = measureChild(process.execPath, [CHILD, kind, String(ios)]);
    expect(Number(cost.stdout.trim())).toBe(ios);
    expect(cost.cpuSeconds).toBeGreaterThan(0);
  });

  it('the default floor runs the default scenario to its end: the same I/Os as `cowsim run`', () => {
    const cost = measureChild(process.execPath, [CHILD, 'default', '0']);
    // README: the default run completes 4,287 I/Os.
    expect(Number(cost.stdout.trim())).toBe(4287);
  });

  it('refuses an unknown floor or a bad count with exit 2 and its usage', () => {
    for (const args of [['nvme', '10'], ['null', '-1'], ['mm1', 'many']]) {
      const result = spawnSync(process.execPath, [CHILD, ...args], { encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('usage: floor-child.js null|mm1|default IOS');
    }
  });
});
