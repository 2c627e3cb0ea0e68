/** Gzips a stream of chunks lazily: nothing is compressed before the consumer asks for it. */
import { pipeline, Readable } from "node:stream";
import { createGzip } from "node:zlib";

export async function* gzipChunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const gz = createGzip();
  // pipeline destroys the gzip stream with the source's error, so the loop below throws it.
  pipeline(Readable.from(source, { objectMode: false }), gz, () => undefined);
  try {
    for await (const chunk of gz) yield chunk as Uint8Array;
  } finally {
    gz.destroy();
  }
}
