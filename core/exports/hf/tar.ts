/**
 * A minimal POSIX ustar writer: regular files only, names up to 100 bytes, a fixed mtime so the same
 * files give the same archive. Enough for an export folder that `tar -x`, Python's `tarfile` and any
 * unarchiver read; gzip it with node:zlib.
 */
const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

/** The 512-byte header of one regular file. */
export function tarHeader(name: string, size: number, mtimeS: number): Uint8Array {
  const nameBytes = Buffer.from(name, "utf8");
  if (nameBytes.length === 0 || nameBytes.length > 100) throw new Error(`tar entry name must be 1..100 bytes: ${name}`);
  const h = Buffer.alloc(BLOCK, 0);
  nameBytes.copy(h, 0);
  h.write(octal(0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii");
  h.write(octal(0, 8), 116, "ascii");
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(mtimeS, 12), 136, "ascii");
  h.write("        ", 148, "ascii"); // checksum field counts as spaces while summing
  h.write("0", 156, "ascii");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "ascii");
  return h;
}

/** Header, content and padding of one file. */
export function* tarEntry(name: string, content: Uint8Array, mtimeS: number): Generator<Uint8Array> {
  yield tarHeader(name, content.byteLength, mtimeS);
  yield content;
  const pad = (BLOCK - (content.byteLength % BLOCK)) % BLOCK;
  if (pad) yield new Uint8Array(pad);
}

/** Two zero blocks close the archive. */
export const tarEnd = (): Uint8Array => new Uint8Array(2 * BLOCK);
