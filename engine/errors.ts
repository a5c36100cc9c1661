/** Base class of every error a user can cause and act on (bad input, damaged files, invalid snapshots). */
export class CowsimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Bad input: a scenario file, a trace file, a CLI flag or a damaged image.
 * Names the file, the field (or line) and what was expected; the CLI maps it to exit code 2.
 */
export class InputError extends CowsimError {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly expected: string,
    readonly found?: string,
  ) {
    super(`${file}: ${field}: expected ${expected}${found === undefined ? '' : `, found ${found}`}`);
  }
}

/** A request a block device cannot serve: out of range, wrong buffer size, closed device. */
export class DeviceError extends CowsimError {}

/** A read of a snapshot that has been invalidated (store full) or deleted. */
export class SnapshotUnavailableError extends CowsimError {}

/** A snapshot image or origin file that is damaged, foreign or of an unknown version. */
export class ImageFormatError extends CowsimError {}

/** A snapshot image whose data or metadata fails its checksum or did not land: the snapshot is invalid. */
export class SnapshotCorruptError extends CowsimError {}
