/**
 * Errors for a file that is not (yet) recognised as a trace. Such a file may be anything a path
 * can name (/etc/shadow, a key, a binary), and errors reach CI logs: it is named with the line,
 * and its content is never shown.
 */
import { InputError } from '../../engine/errors.js';
import { TRACE_FORMATS, type TraceFormat } from './trace-format.js';

/** No format recognised at the first line of content. */
export function unknownFormat(file: string, line: number): InputError {
  return new InputError(
    file,
    `format (line ${line})`,
    `a trace in one of the formats ${TRACE_FORMATS.join(', ')} (or the format option)`,
    'a line in none of them (content not shown: the file is not recognised as a trace)',
  );
}

/** A parse error of a line of a file not recognised as a trace: the same error without the text found. */
export function contentNotShown(error: unknown, format: TraceFormat): unknown {
  if (!(error instanceof InputError) || error.found === undefined) return error;
  return new InputError(error.file, error.field, error.expected, `content not shown: the file is not recognised as a ${format} trace`);
}
