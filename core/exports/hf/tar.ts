/**
 * A minimal POSIX ustar writer: regular files only, paths up to 255 bytes (a name of up to 100 bytes
 * after a directory prefix of up to 155), the caller's mtime so the same files give the same archive. Enough for an export folder that `tar -x`, Python's `tarfile` and any
 * unarchiver read; gzip it with node:zlib.
 */
const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** ustar's (prefix, name) for a path: split at the last "/" that fits both fields. */
export function splitPath(path: string): { prefix: string; name: string } {
  if (bytes(path) > 0 && bytes(path) <= 100) return { prefix: "", name: path };
  for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (bytes(prefix) <= 155 && name.length > 0 && bytes(name) <= 100) return { prefix, name };
  }
  throw new Error(`tar entry path must be 1..100 bytes, or a directory of up to 155 bytes and a name of up to 100: ${path}`);
}

/** The 512-byte header of one regular file. */
export function tarHeader(path: string, size: number, mtimeS: number): Uint8Array {
  const { prefix, name } = splitPath(path);
  const h = Buffer.alloc(BLOCK, 0);
  h.write(name, 0, "utf8");
  h.write(prefix, 345, "utf8");
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
