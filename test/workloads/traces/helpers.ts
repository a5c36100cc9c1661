import { fileURLToPath } from 'node:url';
import type { TraceRecord } from '../../../workloads/traces/index.js';

/** Absolute path of a trace fixture. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/traces/${name}`, import.meta.url));
}

/** Drains a trace into an array (fixtures are small). */
export async function collect(records: AsyncIterable<TraceRecord>): Promise<TraceRecord[]> {
  const all: TraceRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

/** The message of the error a promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
