/**
 * Checks, before a campaign starts, that its output directory can be written the way
 * output-directory.ts will write it: absent, empty, or an earlier `cowsim crash` output marked by
 * cowsim and holding nothing else, and not the scenario or a trace it reads. A long campaign must
 * not end by refusing its --out. The check is output-directory.ts's own, so the two cannot differ.
 */
import { prepareOutputDirectory, type OutputSpec } from '../output-directory.js';

/** Throws OutputDirectoryError (exit 2) when `outDir` could not receive this campaign's output; cleans what an interrupted write left. */
export async function checkOutputDirectory(outDir: string, spec: Omit<OutputSpec, 'command'> = {}): Promise<void> {
  await prepareOutputDirectory(outDir, { ...spec, command: 'crash' });
}
