/**
 * The kernel and SimDevice against queueing theory: with a Poisson source and the fixed model the
 * device is an M/M/k or M/D/k queue whose mean response time is known in closed form.
 */
import { describe, expect, it } from 'vitest';
import { runOpenLoop } from './open-loop.js';

const SERVICE_US = 100;

/** Relative difference of measured from expected. */
const offBy = (measured: number, expected: number): number => Math.abs(measured / expected - 1);

describe('fixed model with Poisson arrivals', () => {
  for (const rho of [0.5, 0.8]) {
    it(`M/M/1 at utilisation ${rho}: mean response within 3 % of 1 / (mu - lambda), Little's law holds`, async () => {
      const mu = 1e6 / SERVICE_US;
      const lambda = rho * mu;
      const { stats } = await runOpenLoop({
        seed: 11,
        requests: rho === 0.8 ? 1_000_000 : 300_000,
        arrivalRate: lambda,
        model: { servers: 1, meanServiceTimeUs: SERVICE_US, distribution: 'exponential' },
      });
      const expectedResponseUs = 1e6 / (mu - lambda);
      expect(offBy(stats.responseTimeUs.mean, expectedResponseUs)).toBeLessThan(0.03);
      expect(offBy(stats.serviceTimeUs.mean, SERVICE_US)).toBeLessThan(0.01);
      expect(offBy(stats.utilization, rho)).toBeLessThan(0.01);
      // Little's law from the device's own time-weighted queue length: exact, the system ends empty.
      const measuredLambda = stats.requests / (stats.elapsedNs / 1e9);
      expect(stats.queueDepth.meanInDevice).toBeCloseTo(measuredLambda * (stats.responseTimeUs.mean / 1e6), 9);
      expect(stats.queueDepth.meanInDrive).toBeCloseTo(measuredLambda * (stats.serviceTimeUs.mean / 1e6), 9);
      // And against theory, L = rho / (1 - rho).
      expect(offBy(stats.queueDepth.meanInDevice, rho / (1 - rho))).toBeLessThan(0.03);
    });
  }

  for (const rho of [0.5, 0.8]) {
    it(`M/D/1 at utilisation ${rho}: mean response within 3 % of Pollaczek-Khinchine`, async () => {
      const mu = 1e6 / SERVICE_US;
      const { stats } = await runOpenLoop({
        seed: 12,
        requests: 300_000,
        arrivalRate: rho * mu,
        model: { servers: 1, meanServiceTimeUs: SERVICE_US, distribution: 'deterministic' },
      });
      // W = S + rho S / (2 (1 - rho)) for deterministic service time S.
      const expectedResponseUs = SERVICE_US + (rho * SERVICE_US) / (2 * (1 - rho));
      expect(offBy(stats.responseTimeUs.mean, expectedResponseUs)).toBeLessThan(0.03);
      expect(stats.serviceTimeUs.min).toBe(SERVICE_US);
      expect(stats.serviceTimeUs.max).toBe(SERVICE_US);
    });
  }

  it('M/M/3 at utilisation 0.7: mean response within 3 % of Erlang C', async () => {
    const servers = 3;
    const rho = 0.7;
    const mu = 1e6 / SERVICE_US;
    const lambda = rho * servers * mu;
    const { stats } = await runOpenLoop({
      seed: 13,
      requests: 300_000,
      arrivalRate: lambda,
      model: { servers, meanServiceTimeUs: SERVICE_US, distribution: 'exponential' },
    });
    const offered = lambda / mu;
    let sum = 0;
    let term = 1;
    for (let k = 0; k < servers; k++) {
      if (k > 0) term *= offered / k;
      sum += term;
    }
    const last = (term * offered) / servers / (1 - rho);
    const erlangC = last / (sum + last);
    const expectedResponseUs = SERVICE_US + (erlangC / (servers * mu - lambda)) * 1e6;
    expect(offBy(stats.responseTimeUs.mean, expectedResponseUs)).toBeLessThan(0.03);
    expect(stats.queueDepth.meanInDrive).toBeLessThanOrEqual(servers);
  });
});

describe('determinism', () => {
  const small = (seed: number) =>
    runOpenLoop({
      seed,
      requests: 20_000,
      arrivalRate: 8000,
      model: { servers: 2, meanServiceTimeUs: 150, distribution: 'exponential' },
      queueDepthSampleIntervalNs: 10_000_000,
    });

  it('gives byte-identical statistics for the same seed', async () => {
    const first = await small(5);
    const second = await small(5);
    expect(JSON.stringify(second.stats)).toBe(JSON.stringify(first.stats));
    expect(second.kernel.eventsRun).toBe(first.kernel.eventsRun);
  });

  it('gives different statistics for a different seed', async () => {
    const first = await small(5);
    const other = await small(6);
    expect(other.stats.responseTimeUs.mean).not.toBe(first.stats.responseTimeUs.mean);
    expect(JSON.stringify(other.stats)).not.toBe(JSON.stringify(first.stats));
  });
});
