/**
 * plan.html's chart of each SLO figure against the load: the figure's axis names its unit and,
 * for a figure that cannot be negative, never reads below 0 (as the run report's charts).
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cowsim } from '../../../bin/cowsim.js';
import { axesOf, lowestShown, renderedCharts as rendered } from '../../helpers/chart-capture.js';
import { bufferIo, temporaryDirectory, writeScenarioFile } from '../sweep/fixtures.js';

vi.mock('../../../reports/charts/render.js', async (original) => (await import('../../helpers/chart-capture.js')).captureCharts(original));

/** An open-loop reader on a fixed-service disk: utilisation grows with the arrival rate. */
const openLoop = {
  name: 'plan-axes',
  seed: 3,
  duration: '200ms',
  volume: { size: '64MiB', blockSize: '4KiB', chunkSize: '64KiB' },
  devices: {
    origin: { model: 'fixed', params: { servers: 1, meanServiceTimeUs: 100 } },
    snapshotStore: { model: 'null', size: '32MiB' },
  },
  engine: { intake: 'none' },
  workloads: [{ name: 'reader', rw: 'randread', blockSize: '4KiB', rate: { iops: 2000, arrival: 'poisson' } }],
};

describe('plan.html: the SLO figure against the load', () => {
  it('names the figure with its unit and starts its axis at 0', async () => {
    const directory = temporaryDirectory();
    const args = ['plan', '--scenario', writeScenarioFile(directory, openLoop), '--slo', 'devices.0.utilization<=0.8', '--out', join(directory, 'plan'), '--quiet'];
    expect(await cowsim(args, bufferIo())).toBe(0);
    const chart = rendered.find((entry) => entry.title.startsWith('devices.0.utilization against'));
    expect(chart, rendered.map((entry) => entry.title).join(', ')).toBeDefined();
    const yAxis = axesOf(chart!.option)[1]!;
    expect(yAxis.name).toBe('devices.0.utilization (fraction of the time)');
    expect(lowestShown(yAxis)).toBe(0);
  });
});
