/**
 * ECharts for the chart renderer (render.ts), loaded with the first chart, so that a command that
 * draws none, and every sweep or crash worker, never loads it. It is the single-file build: one
 * 1 MB file compiles in a fraction of the time the modular build's ~600 files take to resolve and
 * load (about 0.08 against 0.5 CPU-s).
 *
 * `npm run build` also saves V8's code cache of that file once it has drawn one chart of each kind
 * (bin/chart-code-cache.ts), beside the compiled module. With it, the functions a report runs are
 * not compiled again on every run (about 0.1 CPU-s of `cowsim run`). The cache names the SHA-256 of
 * the file it was made from and is ignored for any other file; V8 itself refuses a cache made by
 * another V8 version or under other flags. Without one the file is compiled as usual: the cache
 * changes how long loading takes, never what is drawn.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

type ECharts = typeof import('echarts');

/** The single-file build (UMD, taking its CommonJS branch here; the ESM build of the same code compiles no faster). */
const ECHARTS_FILE = createRequire(import.meta.url).resolve('echarts/dist/echarts.min');

/** Where the build saves the code cache: beside this module, in dist/. */
const CODE_CACHE_URL = new URL('./echarts.v8-cache', import.meta.url);

/** A SHA-256 digest of the source, then V8's data. */
const DIGEST_BYTES = 32;

let loaded: { readonly echarts: ECharts; readonly script: Script; readonly digest: Buffer } | undefined;

/** ECharts, compiled and run on the first call. */
export function loadECharts(): ECharts {
  loaded ??= compileECharts();
  return loaded.echarts;
}

function compileECharts(): NonNullable<typeof loaded> {
  const source = readFileSync(ECHARTS_FILE, 'utf8');
  const digest = createHash('sha256').update(source).digest();
  // The wrapper Node gives every CommonJS module.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: ECHARTS_FILE,
    cachedData: codeCacheFor(digest),
  });
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (this: unknown, ...parameters: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(ECHARTS_FILE), module, ECHARTS_FILE, dirname(ECHARTS_FILE));
  return { echarts: module.exports as ECharts, script, digest };
}

/** The saved code cache when it was made from the source with this digest. */
function codeCacheFor(digest: Buffer): Buffer | undefined {
  let saved: Buffer;
  try {
    saved = readFileSync(CODE_CACHE_URL);
  } catch {
    // Not built (vitest runs the TypeScript sources), or unreadable: compile without it.
    return undefined;
  }
  return saved.subarray(0, DIGEST_BYTES).equals(digest) ? saved.subarray(DIGEST_BYTES) : undefined;
}

/** Saves the code cache of all ECharts has compiled so far (the build, once it has drawn sample charts); returns its size in bytes. */
export function saveEChartsCodeCache(): number {
  if (loaded === undefined) throw new Error('bug: saveEChartsCodeCache called before any chart was drawn');
  const data = Buffer.concat([loaded.digest, loaded.script.createCachedData()]);
  writeFileSync(CODE_CACHE_URL, data);
  return data.length;
}
