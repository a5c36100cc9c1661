/**
 * fio options cowsim reads without modelling them, with the reason the warning gives. Each is
 * ignored with a warning naming the file, line and option; an option in neither this table nor
 * fio-options.ts's is ignored with a warning too ("not an option cowsim reads").
 */

const NO_FILES = 'a simulated volume has no files, page cache or I/O engine: every I/O goes to the modelled devices';
const ORACLE = 'cowsim checks every block of every read and view against its own oracle (scenario verify)';
const REPORTING = 'cowsim reports every job (workload) on its own; outputs go to --out';
const ORDER = 'every job starts at its startdelay: jobs do not wait for each other';
const SEEDED = "addresses come from the run's seed (--seed), so a run repeats exactly";
const NO_FLUSH = 'synthetic jobs issue no flush commands';
const HOST = 'no host CPU or memory is modelled';

/** Option -> why it is ignored. */
export const IGNORED_FIO_OPTIONS: ReadonlyMap<string, string> = new Map([
  ...['ioengine', 'direct', 'buffered', 'filename', 'directory', 'filename_format', 'nrfiles', 'openfiles', 'file_service_type', 'thread', 'unlink', 'fallocate', 'create_on_open', 'invalidate', 'sync', 'overwrite', 'allow_mounted_write', 'allow_file_create', 'pre_read', 'fadvise_hint', 'zero_buffers', 'refill_buffers', 'scramble_buffers', 'buffer_compress_percentage', 'buffer_compress_chunk', 'dedupe_percentage', 'iodepth_batch', 'iodepth_batch_submit', 'iodepth_batch_complete', 'iodepth_batch_complete_min', 'iodepth_batch_complete_max', 'iodepth_low', 'hipri', 'fixedbufs', 'registerfiles', 'sqthread_poll'].map((name) => [name, NO_FILES] as const),
  ...['verify', 'do_verify', 'verify_pattern', 'verify_fatal', 'verify_backlog', 'verify_interval', 'verify_offset', 'verify_async', 'verify_state_save', 'verify_state_load', 'verify_only', 'verify_dump', 'verifysort'].map((name) => [name, ORACLE] as const),
  ...['group_reporting', 'description', 'lat_percentiles', 'clat_percentiles', 'slat_percentiles', 'percentile_list', 'write_bw_log', 'write_lat_log', 'write_iops_log', 'write_hist_log', 'log_avg_msec', 'log_hist_msec', 'per_job_logs', 'gtod_reduce', 'disable_lat', 'disable_clat', 'disable_slat', 'disable_bw_measurement', 'stats', 'unified_rw_reporting', 'output', 'output-format'].map((name) => [name, REPORTING] as const),
  ...['stonewall', 'wait_for', 'new_group', 'exitall', 'exitall_on_error', 'wait_for_previous'].map((name) => [name, ORDER] as const),
  ...['randrepeat', 'randseed', 'norandommap', 'random_generator', 'allrandrepeat', 'softrandommap'].map((name) => [name, SEEDED] as const),
  ...['fsync', 'fdatasync', 'end_fsync', 'fsync_on_close', 'write_barrier', 'sync_file_range'].map((name) => [name, NO_FLUSH] as const),
  ...['cpus_allowed', 'cpus_allowed_policy', 'cpumask', 'numa_cpu_nodes', 'numa_mem_policy', 'nice', 'prio', 'prioclass', 'cpuload', 'cpuchunks', 'mem', 'iomem', 'iomem_align', 'lockmem'].map((name) => [name, HOST] as const),
]);

/** The reason an option is ignored: its table entry, or that cowsim does not read it. */
export function ignoredReason(name: string): string {
  return IGNORED_FIO_OPTIONS.get(name) ?? 'not an option cowsim reads (see docs/fio.md)';
}
