// Reading a file the user named (a config, a dashboard, a rule file): only a regular file, only up to
// a size, and only valid UTF-8. A FIFO would block forever, /dev/zero never ends, and a replacement
// character silently standing in for a bad byte would change what the file says.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from './errors.js';
import { printable } from './text.js';

export const MiB = 1024 * 1024;

export interface ReadOptions {
  /** Larger files are refused without being read. */
  readonly maxBytes: number;
  /** What the file should be, for messages: "config file", "dashboard or rule file". */
  readonly what: string;
}

/** The text of a regular file, or InputError with one line naming `shown`. */
export function readTextFile(path: string, shown: string, options: ReadOptions): string {
  return decodeUtf8(readRegularFile(path, shown, options), shown);
}

function readRegularFile(path: string, shown: string, { maxBytes, what }: ReadOptions): Buffer {
  const name = printable(shown);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO without a writer must not wait for one
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError([`${name}: cannot read: ${reasonOf(error)}`]);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError([`${name}: is a directory, not a ${what}`]);
    if (!stat.isFile()) throw new InputError([`${name}: is not a regular file (a FIFO, socket or device); give the path of a ${what}`]);
    if (stat.size > maxBytes) throw new InputError([`${name}: ${sizeText(stat.size)} is larger than the ${sizeText(maxBytes)} a ${what} may have`]);
    // the file may grow while it is read: one byte more than allowed is enough to know
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxBytes) throw new InputError([`${name}: grew past the ${sizeText(maxBytes)} a ${what} may have while it was read`]);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([`${name}: cannot read: ${reasonOf(error)}`]);
  } finally {
    closeSync(fd);
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'ENOENT (no such file)';
  if (code === 'EACCES') return 'EACCES (permission denied)';
  return code ?? (error instanceof Error ? error.message : String(error));
}

export function sizeText(bytes: number): string {
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

const strict = new TextDecoder('utf-8', { fatal: true });
// keeps a byte-order mark, so the walk below stays in step with the bytes
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text, or InputError at the line and column (and byte offset) of the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, shown: string): string {
  try {
    return strict.decode(bytes);
  } catch {
    const { line, col, offset } = firstInvalidByte(bytes);
    throw new InputError([`${printable(shown)}:${line}:${col}: not valid UTF-8 (byte ${offset}); save the file as UTF-8`]);
  }
}

/** Walks the leniently decoded text beside the bytes: the first U+FFFD that the bytes do not spell
 *  (EF BF BD) is where decoding failed. */
function firstInvalidByte(bytes: Uint8Array): { line: number; col: number; offset: number } {
  const text = lenient.decode(bytes);
  let offset = 0;
  let line = 1;
  let col = 1;
  for (const ch of text) {
    if (ch === '\ufffd' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) break;
    offset += Buffer.byteLength(ch);
    if (ch === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return { line, col, offset };
}
