/**
 * core/README.md stays true: every path it names exists, and each of the three flows is readable in at
 * most 12 files (a flow that grows past that is a sign a concept gained a second owner).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const coreDir = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.dirname(coreDir);
const readme = readFileSync(path.join(coreDir, "README.md"), "utf8");
const FROM_ROOT = ["web/", "workers/", "genrm/", "monitoring/"];

/** Backticked paths: a token with a folder or a source/doc extension, not an elided one ("…"). */
function namedPaths(text: string): string[] {
  const tokens = [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!.replace(/,$/, ""));
  return [...new Set(tokens.filter((t) => !t.includes("…") && !t.includes(":") && (t.includes("/") || /\.(tsx?|py|md)$/.test(t))))];
}

const resolve = (p: string) => (FROM_ROOT.some((r) => p.startsWith(r)) ? path.join(repoDir, p) : path.join(coreDir, p));

function flows(text: string): Array<{ title: string; body: string }> {
  const section = text.split(/^## The three main flows$/m)[1] ?? "";
  return section
    .split(/^### /m)
    .slice(1)
    .map((chunk) => ({ title: chunk.split("\n")[0]!, body: chunk }));
}

describe("core/README.md", () => {
  it("names only paths that exist", () => {
    const paths = namedPaths(readme);
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((p) => !existsSync(resolve(p)))).toEqual([]);
  });

  it("writes down three flows, each in at most 12 files", () => {
    const found = flows(readme);
    expect(found.map((f) => f.title)).toHaveLength(3);
    for (const f of found) {
      const files = namedPaths(f.body).filter((p) => !p.endsWith("/"));
      expect(files.length, `${f.title}: ${files.join(", ")}`).toBeGreaterThan(3);
      expect(files.length, `${f.title}: ${files.join(", ")}`).toBeLessThanOrEqual(12);
    }
  });
});
