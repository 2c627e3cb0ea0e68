/**
 * ArtifactStore in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2…), under a key prefix. The client
 * is the official AWS SDK; credentials come from its usual chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
 * profiles, instance roles) and are never part of `location`, URIs or errors.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { ArtifactNotFoundError, checkKey, joinKey, type ArtifactStore } from "./artifact-store";

export interface S3StoreConfig {
  bucket: string;
  /** Key prefix inside the bucket ("" for the bucket root). */
  prefix: string;
  /** An S3-compatible server's URL (MinIO: http://minio:9000); unset for AWS S3. */
  endpoint?: string;
  /** Bucket in the path (http://host/bucket/key) instead of the host name; what MinIO and most local servers need. */
  forcePathStyle?: boolean;
  region?: string;
}

export class S3ArtifactStore implements ArtifactStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(config: S3StoreConfig) {
    this.bucket = config.bucket;
    this.prefix = config.prefix.replace(/^\/+|\/+$/g, "");
    if (this.prefix) checkKey(this.prefix);
    this.client = new S3Client({
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      region: config.region ?? "us-east-1",
      // Checksums only where S3 requires them: many S3-compatible servers reject the SDK's newer
      // default (trailing CRC checksums in aws-chunked uploads).
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  get location() {
    return `s3://${joinKey(this.bucket, this.prefix)}`;
  }

  private objectKey(key: string, folder = false) {
    return joinKey(this.prefix, checkKey(key, { folder }));
  }

  uri(key: string) {
    return `s3://${joinKey(this.bucket, this.objectKey(key, true))}`;
  }

  keyOf(uri: string): string | null {
    const root = `${this.uri("")}/`;
    if (uri === this.uri("")) return "";
    return uri.startsWith(root) ? uri.slice(root.length).replace(/\/+$/, "") : null;
  }

  localPath() {
    return null;
  }

  async put(key: string, body: Buffer | string) {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: body }));
  }

  async putFile(key: string, file: string) {
    const { size } = await stat(file);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: createReadStream(file), ContentLength: size }));
  }

  private async body(key: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return out.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new ArtifactNotFoundError(key, this.location);
      throw error;
    }
  }

  async get(key: string) {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.body(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async getFile(key: string, file: string) {
    const target = path.resolve(file);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${randomUUID()}`;
    try {
      await pipeline(await this.body(key), createWriteStream(tmp));
      await rename(tmp, target);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async exists(key: string) {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async list(prefix: string) {
    const folder = this.objectKey(prefix, true);
    const start = folder ? `${folder}/` : "";
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: start, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(strip));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async delete(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async deletePrefix(prefix: string) {
    for (const key of await this.list(prefix)) await this.delete(key);
  }

  /** Object storage has no rename: each object is copied server-side, then the originals deleted. */
  async movePrefix(from: string, to: string) {
    const source = checkKey(from);
    checkKey(to);
    await this.deletePrefix(to);
    const keys = await this.list(source);
    for (const key of keys) {
      const copySource = `${this.bucket}/${this.objectKey(key).split("/").map(encodeURIComponent).join("/")}`;
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, CopySource: copySource, Key: this.objectKey(to + key.slice(source.length)) }));
    }
    for (const key of keys) await this.delete(key);
  }
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}
