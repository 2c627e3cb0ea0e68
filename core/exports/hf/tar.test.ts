import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { tarEnd, tarEntry } from "./tar";

describe("tar writer", () => {
  it("writes an archive that the system tar lists and extracts byte for byte", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tar-test-"));
    try {
      const files: Array<[string, Uint8Array]> = [
        ["ds/README.md", Buffer.from("# hello\n")],
        ["ds/data/labels/train-00000.parquet", Buffer.from(Array.from({ length: 1500 }, (_, i) => i % 256))],
        ["ds/empty.txt", new Uint8Array(0)],
        // Longer than the 100-byte name field: the directory goes into ustar's prefix field.
        [`${"long_dataset_name.".repeat(4)}snap_466b53d23438414c9ccbc634ad92d7b0-hf/data/preferences/train-00000.parquet`, Buffer.from("PAR1")],
      ];
      const chunks: Uint8Array[] = [];
      for (const [name, content] of files) chunks.push(...tarEntry(name, content, 1_700_000_000));
      chunks.push(tarEnd());
      const archive = path.join(dir, "a.tar");
      writeFileSync(archive, Buffer.concat(chunks));
      expect(execFileSync("tar", ["-tf", archive], { encoding: "utf8" }).trim().split("\n")).toEqual(files.map(([n]) => n));
      execFileSync("tar", ["-xf", archive, "-C", dir]);
      for (const [name, content] of files) expect(Buffer.compare(readFileSync(path.join(dir, name)), Buffer.from(content))).toBe(0);
      expect(() => [...tarEntry("x".repeat(101), new Uint8Array(1), 0)]).toThrow(/must be 1..100 bytes/);
      expect(() => [...tarEntry(`${"d".repeat(156)}/x`, new Uint8Array(1), 0)]).toThrow(/up to 155/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
