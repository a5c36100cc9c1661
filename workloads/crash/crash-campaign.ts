/**
 * A crash campaign: many seeds explored (crash-explorer.ts), their figures summed and their
 * failures kept, in seed order whatever order the seeds finished in, so a campaign's crash.json
 * depends only on its inputs.
 */
import type { Scenario } from '../scenario/resolve.js';
import { addFigures, type CrashFailure, type CrashFigures, type CrashProperty, emptyFigures } from './crash-figures.js';
import { exploreSeed, type ExploreOptions, type SeedExploration } from './crash-explorer.js';
import { reproduceLine } from './reproduce.js';

/** A seed with at least one violation, and the line that replays it. */
export interface FailingSeed {
  seed: number;
  violations: number;
  properties: CrashProperty[];
  reproduce: string;
}

export interface CampaignResult {
  figures: CrashFigures;
  /** The first failures in detail, in seed order. */
  failures: CrashFailure[];
  /** Every failing seed up to the limit, in seed order. */
  failingSeeds: FailingSeed[];
  /** Failing seeds left out of failingSeeds by the limit. */
  failingSeedsOmitted: number;
  /** Operation-log boundaries per seed. */
  boundaries: { mean: number; max: number };
}

export interface CampaignLimits {
  /** Failures kept in detail over the campaign. */
  maxFailures: number;
  /** Failing seeds listed with their reproduce line. */
  maxFailingSeeds: number;
}

export const defaultLimits: CampaignLimits = { maxFailures: 100, maxFailingSeeds: 1000 };

/** Sums explorations added in seed order. */
export class CampaignTally {
  private readonly figures = emptyFigures();
  private readonly failures: CrashFailure[] = [];
  private readonly failingSeeds: FailingSeed[] = [];
  private omitted = 0;
  private boundariesTotal = 0;
  private boundariesMax = 0;

  constructor(
    private readonly options: Pick<ExploreOptions, 'reproduce'>,
    private readonly limits: CampaignLimits = defaultLimits,
  ) {}

  add(exploration: SeedExploration): void {
    addFigures(this.figures, exploration.figures);
    this.boundariesTotal += exploration.boundaries;
    this.boundariesMax = Math.max(this.boundariesMax, exploration.boundaries);
    for (const failure of exploration.failures) if (this.failures.length < this.limits.maxFailures) this.failures.push(failure);
    if (exploration.figures.violations === 0) return;
    if (this.failingSeeds.length >= this.limits.maxFailingSeeds) {
      this.omitted++;
      return;
    }
    this.failingSeeds.push({
      seed: exploration.seed,
      violations: exploration.figures.violations,
      properties: [...new Set(exploration.failures.map((failure) => failure.property))].sort(),
      reproduce: reproduceLine(this.options.reproduce, exploration.seed),
    });
  }

  /** The campaign so far. */
  result(): CampaignResult {
    const seeds = this.figures.seeds;
    return {
      figures: { ...this.figures },
      failures: [...this.failures],
      failingSeeds: [...this.failingSeeds],
      failingSeedsOmitted: this.omitted,
      boundaries: { mean: seeds === 0 ? 0 : this.boundariesTotal / seeds, max: this.boundariesMax },
    };
  }
}

/** The seeds of a campaign: `count` of them from `first` on. */
export function campaignSeeds(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => first + index);
}

/** Runs a campaign in this thread; `onSeed` sees each exploration as it finishes. */
export async function runCampaign(
  scenario: Scenario,
  seeds: readonly number[],
  options: ExploreOptions,
  limits: CampaignLimits = defaultLimits,
  onSeed?: (exploration: SeedExploration, done: number) => void,
): Promise<CampaignResult> {
  const tally = new CampaignTally(options, limits);
  let done = 0;
  for (const seed of seeds) {
    const exploration = await exploreSeed(scenario, seed, options);
    tally.add(exploration);
    onSeed?.(exploration, ++done);
  }
  return tally.result();
}
