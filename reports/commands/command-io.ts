/** Where a command prints: the process's streams, or a test's buffers. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's stdout and stderr. */
export const processIo: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** Where a command's one-line output notices go (an earlier output replaced): stderr, none under --quiet. */
export function outputNotices(io: CommandIo, quiet: boolean | undefined): ((line: string) => void) | undefined {
  return quiet ? undefined : (line) => io.stderr(`${line}\n`);
}
