/**
 * S5's fault injection: one corruption per fault, in the region it names (header, the lookup-table
 * entry of a used slot, the stamp of a used slot's data), only ever into an image that holds a
 * valid snapshot, and the same fault for the same stream.
 */
import { describe, expect, it } from 'vitest';
import { ENTRY_BYTES, ImageLayout } from '../../../engine/snapshot-image-format.js';
import { RandomStreams } from '../../../sim/random.js';
import { defaultFlushIntervalNs } from '../../../workloads/crash/crash-defaults.js';
import { crashScenario } from '../../../workloads/crash/crash-scenario.js';
import { buildCrashState, statePolicy } from '../../../workloads/crash/crash-state.js';
import { injectImageFault, validImages } from '../../../workloads/crash/image-faults.js';
import { recordRun } from '../../../workloads/crash/recorded-run.js';
import { imageBlocksOf } from '../../../workloads/crash/reopen.js';
import { scenarioFromObject } from '../../../workloads/scenario/load.js';

const scenario = scenarioFromObject(crashScenario, '(embedded crash scenario)');

describe('image fault injection', () => {
  it('changes bytes of one block only, inside the region and range it reports', async () => {
    const run = await recordRun(scenario, { seed: 3, flushIntervalNs: defaultFlushIntervalNs(scenario) });
    const { log } = run.recorder;
    const cut = log.flushPoints().at(-1)!;
    const { payloadBytes, chunkBlocks } = scenario.volume;
    const imageBlocks = imageBlocksOf(scenario);
    const layout = new ImageLayout(payloadBytes, chunkBlocks * payloadBytes, imageBlocks);
    const streams = new RandomStreams(9);
    const seen = new Set<string>();
    for (let index = 0; index < 40; index++) {
      const state = buildCrashState(log, cut, statePolicy(0));
      const origin = state.devices[run.originDevice]!;
      const store = state.devices[run.storeDevice]!;
      const targets = await validImages(origin, store, scenario);
      const before = store.readNow(0, store.blockCount);
      const fault = (await injectImageFault(origin, store, scenario, streams.fresh(`fault ${index}`)))!;
      const after = store.readNow(0, store.blockCount);
      const changed = [...after.keys()].filter((byte) => after[byte] !== before[byte]);
      expect(changed.length).toBeGreaterThan(0);
      const storeBlock = fault.image * imageBlocks + fault.block;
      for (const byte of changed) {
        expect(Math.floor(byte / payloadBytes)).toBe(storeBlock);
        expect(byte % payloadBytes).toBeGreaterThanOrEqual(fault.fromByte);
        expect(byte % payloadBytes).toBeLessThan(fault.toByte);
      }
      const target = targets.find((candidate) => candidate.image === fault.image)!;
      expect(target.snapshotId).toBe(fault.snapshotId);
      if (fault.region === 'header') expect(fault.block).toBeLessThan(layout.headerChunks * layout.chunkBlocks);
      if (fault.region === 'metadata') {
        const slot = [...Array(target.usedSlots).keys()].find((candidate) => layout.entryPosition(candidate).block === fault.block && layout.entryPosition(candidate).offset === fault.fromByte);
        expect(slot).toBeDefined();
        expect(fault.toByte - fault.fromByte).toBe(ENTRY_BYTES);
      }
      if (fault.region === 'data') {
        const slot = [...Array(target.usedSlots).keys()].find((candidate) => fault.block >= layout.slotBlock(candidate) && fault.block < layout.slotBlock(candidate) + chunkBlocks);
        expect(slot).toBeDefined();
      }
      expect(fault.description).toContain(`${fault.region} of snapshot image ${fault.image} (snapshot ${fault.snapshotId}), block ${fault.block}`);
      seen.add(`${fault.region} ${fault.kind}`);
    }
    expect([...seen].sort()).toEqual(['data flip', 'data zero', 'header flip', 'header zero', 'metadata flip', 'metadata zero']);
  });

  it('injects nothing when no image holds a valid snapshot', async () => {
    const run = await recordRun(scenario, { seed: 3, flushIntervalNs: defaultFlushIntervalNs(scenario) });
    const state = buildCrashState(run.recorder.log, 0, statePolicy(0));
    expect(await injectImageFault(state.devices[run.originDevice]!, state.devices[run.storeDevice]!, scenario, new RandomStreams(1).fresh('none'))).toBeUndefined();
  });
});
