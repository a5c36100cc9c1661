/**
 * Where a random workload's next I/O goes: uniform, zipf(theta), pareto(h) and hot/cold, over
 * the workload's range in units of its smallest request size (fio's blockalign). Zipf and pareto
 * ranks are scattered over the range by a bijective multiplicative hash, so the hot items are
 * not all at the start of the volume (YCSB's scrambled zipfian).
 */
import { type RandomStream, Zipf } from '../sim/random.js';
import type { Distribution } from './scenario/resolve.js';

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export class RandomAddresses {
  /** Number of aligned places in the range. */
  private readonly items: number;
  private readonly zipf: Zipf | undefined;
  private readonly paretoPower: number;
  private readonly hotItems: number;
  private readonly hotFraction: number;
  private readonly stride: number;

  constructor(
    private readonly distribution: Distribution,
    private readonly rangeStartBlock: number,
    private readonly rangeBlocks: number,
    private readonly alignBlocks: number,
  ) {
    this.items = Math.max(1, Math.floor(rangeBlocks / alignBlocks));
    this.zipf = typeof distribution === 'object' && 'zipf' in distribution ? new Zipf(this.items, distribution.zipf) : undefined;
    // fio's pareto: rank = (n - 1) * u ^ (log(h) / log(1 - h)).
    this.paretoPower = typeof distribution === 'object' && 'pareto' in distribution ? Math.log(distribution.pareto) / Math.log(1 - distribution.pareto) : 1;
    const hotcold = typeof distribution === 'object' && 'hotcold' in distribution ? distribution.hotcold : undefined;
    this.hotItems = hotcold ? Math.max(1, Math.min(this.items - 1, Math.round((this.items * hotcold.spacePercent) / 100))) : 0;
    this.hotFraction = hotcold ? hotcold.ioPercent / 100 : 0;
    let stride = 2_654_435_761 % this.items || 1;
    while (gcd(stride, this.items) !== 1) stride++;
    this.stride = stride;
  }

  /** First block of the next I/O of `sizeBlocks` blocks, inside the range. */
  next(random: RandomStream, sizeBlocks: number): number {
    let item: number;
    if (this.zipf) item = this.scatter(this.zipf.sample(random));
    else if (this.paretoPower !== 1) item = this.scatter(Math.min(this.items - 1, Math.floor((this.items - 1) * Math.pow(random.next(), this.paretoPower))));
    else if (this.hotItems > 0) item = random.chance(this.hotFraction) ? random.integer(0, this.hotItems - 1) : random.integer(this.hotItems, this.items - 1);
    else item = random.integer(0, this.items - 1);
    let block = this.rangeStartBlock + item * this.alignBlocks;
    const end = this.rangeStartBlock + this.rangeBlocks;
    if (block + sizeBlocks > end) block = this.rangeStartBlock + Math.floor((this.rangeBlocks - sizeBlocks) / this.alignBlocks) * this.alignBlocks;
    return block;
  }

  /** (rank * stride) mod items without losing precision past 2^53. */
  private scatter(rank: number): number {
    const high = Math.floor(this.stride / 65536);
    const low = this.stride % 65536;
    return (((rank * high) % this.items) * 65536 + rank * low) % this.items;
  }
}
