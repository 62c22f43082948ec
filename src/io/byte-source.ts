// The bytes of an input, a piece at a time, so a survey of any size is read in constant memory:
// a file is read in 1 MiB pieces from disk; bytes already in memory (standard input or a named
// pipe, which cannot be read twice, or a test's buffer) are handed out in pieces of the same size.

import { closeSync, openSync, readSync } from 'node:fs';
import { readUserFile, statUserFile, userFileError } from './read-file.js';

export const PIECE_BYTES = 1 << 20;

export interface ByteSource {
  /** The total size when known in advance (for a progress bar). */
  readonly size: number | undefined;
  /** The next piece, or null at the end. A piece is only valid until the next call. */
  next(): Uint8Array | null;
  /** Starts again from the first byte (reading is redone in another encoding). */
  rewind(): void;
  close(): void;
}

export function memorySource(bytes: Uint8Array, pieceBytes = PIECE_BYTES): ByteSource {
  let at = 0;
  return {
    size: bytes.length,
    next() {
      if (at >= bytes.length) return null;
      const piece = bytes.subarray(at, at + pieceBytes);
      at += piece.length;
      return piece;
    },
    rewind() {
      at = 0;
    },
    close() {},
  };
}

/** A file read piece by piece; errors (missing, a folder, unreadable) say so in words. */
export function fileSource(path: string, what: string, pieceBytes = PIECE_BYTES): ByteSource {
  const stats = statUserFile(path, what);
  // A named pipe or process substitution (<(zcat survey.csv.gz)) has no positions to read at,
  // and cannot be read twice: take it whole, like standard input.
  if (!stats.isFile()) return memorySource(readUserFile(path, what), pieceBytes);
  const size = stats.size;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw userFileError(error, path, what);
  }
  const buffer = Buffer.allocUnsafe(pieceBytes);
  let position = 0;
  return {
    size,
    next() {
      let read: number;
      try {
        read = readSync(fd, buffer, 0, buffer.length, position);
      } catch (error) {
        throw userFileError(error, path, what);
      }
      if (read === 0) return null;
      position += read;
      return buffer.subarray(0, read);
    },
    rewind() {
      position = 0;
    },
    close() {
      closeSync(fd);
    },
  };
}
