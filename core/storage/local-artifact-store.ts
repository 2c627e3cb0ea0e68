/**
 * ArtifactStore in a local directory (DATA_DIR by default): keys are paths under it and URIs are
 * absolute paths, so a single machine keeps the layout it always had and reads models in place.
 * Writes go to a temporary sibling first and are renamed into place, so readers never see half a file.
 */
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { ArtifactNotFoundError, checkKey, type ArtifactStore } from "./artifact-store";

export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  get location() {
    return `local directory ${this.root}`;
  }

  private pathOf(key: string, folder = false) {
    return path.join(this.root, ...checkKey(key, { folder }).split("/").filter(Boolean));
  }

  uri(key: string) {
    return this.pathOf(key, true);
  }

  keyOf(uri: string): string | null {
    const rel = path.relative(this.root, path.resolve(this.root, uri));
    if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
    return rel.split(path.sep).join("/");
  }

  localPath(key: string) {
    return this.pathOf(key, true);
  }

  private async writeAtomically(target: string, write: (tmp: string) => Promise<void>) {
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${randomUUID()}`;
    try {
      await write(tmp);
      await rename(tmp, target);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async put(key: string, body: Buffer | string) {
    await this.writeAtomically(this.pathOf(key), (tmp) => writeFile(tmp, body));
  }

  async putFile(key: string, file: string) {
    const target = this.pathOf(key);
    if (path.resolve(file) === target) return;
    await this.writeAtomically(target, (tmp) => copyFile(file, tmp));
  }

  async get(key: string) {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      throw notFound(error, key, this.location);
    }
  }

  async getFile(key: string, file: string) {
    const source = this.pathOf(key);
    if (path.resolve(file) === source) return;
    await this.writeAtomically(path.resolve(file), async (tmp) => {
      try {
        await copyFile(source, tmp);
      } catch (error) {
        throw notFound(error, key, this.location);
      }
    });
  }

  async exists(key: string) {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async list(prefix: string) {
    const base = this.pathOf(prefix, true);
    const out: string[] = [];
    const walk = async (dir: string) => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else if (e.isFile()) out.push(path.relative(this.root, full).split(path.sep).join("/"));
      }
    };
    await walk(base);
    return out.sort();
  }

  async delete(key: string) {
    await rm(this.pathOf(key), { force: true });
  }

  async deletePrefix(prefix: string) {
    await rm(this.pathOf(prefix, true), { recursive: true, force: true });
  }

  async movePrefix(from: string, to: string) {
    const target = this.pathOf(to);
    await rm(target, { recursive: true, force: true });
    await mkdir(path.dirname(target), { recursive: true });
    await rename(this.pathOf(from), target);
  }
}

function notFound(error: unknown, key: string, location: string): unknown {
  return (error as NodeJS.ErrnoException)?.code === "ENOENT" ? new ArtifactNotFoundError(key, location) : error;
}
