/**
 * Rows → Parquet shards (hyparquet-writer), one buffer per table and split: a buffer becomes a shard when
 * it reaches the row or byte budget, so an export holds at most one shard per table and split in memory.
 */
import { parquetWriteBuffer } from "hyparquet-writer";
import { COLUMNS, shardPath, type SplitName, type TableName, type TableRecord } from "./tables";

export interface ShardBudget {
  rows: number;
  /** Text bytes (approximate: UTF-16 length of the string columns). */
  bytes: number;
}

export const DEFAULT_SHARD_BUDGET: ShardBudget = { rows: 20_000, bytes: 16 * 1024 * 1024 };

export interface Shard {
  path: string;
  rows: number;
  content: Uint8Array;
}

export function encodeShard<T extends TableName>(table: T, rows: ReadonlyArray<TableRecord<T>>): Uint8Array {
  const columnData = COLUMNS[table].map((c) => ({
    name: c.name,
    type: c.type,
    nullable: false,
    data: rows.map((r) => (r as unknown as Record<string, unknown>)[c.name]),
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, createdBy: "genrm-platform export" }));
}

const approxBytes = (r: object) => Object.values(r).reduce<number>((n, v) => n + (typeof v === "string" ? v.length : 8), 0);

export class ShardWriter {
  private readonly buffers = new Map<string, { rows: unknown[]; bytes: number }>();
  private readonly counts = new Map<string, number>();
  private readonly shardIndex = new Map<string, number>();

  constructor(private readonly budget: ShardBudget = DEFAULT_SHARD_BUDGET) {}

  /** Adds a row; returns the shard it completed, if any. */
  add<T extends TableName>(table: T, split: SplitName, row: TableRecord<T>): Shard | null {
    const key = `${table}/${split}`;
    const buf = this.buffers.get(key) ?? { rows: [], bytes: 0 };
    this.buffers.set(key, buf);
    buf.rows.push(row);
    buf.bytes += approxBytes(row);
    return buf.rows.length >= this.budget.rows || buf.bytes >= this.budget.bytes ? this.flush(table, split) : null;
  }

  /** The rest of every buffer, as shards. */
  *finish(): Generator<Shard> {
    for (const key of [...this.buffers.keys()]) {
      const [table, split] = key.split("/") as [TableName, SplitName];
      const s = this.flush(table, split);
      if (s) yield s;
    }
  }

  /** Rows written so far per table and split (every shard included). */
  rowsWritten(table: TableName, split: SplitName): number {
    return this.counts.get(`${table}/${split}`) ?? 0;
  }

  private flush(table: TableName, split: SplitName): Shard | null {
    const key = `${table}/${split}`;
    const buf = this.buffers.get(key);
    if (!buf || buf.rows.length === 0) return null;
    this.buffers.delete(key);
    const index = this.shardIndex.get(key) ?? 0;
    this.shardIndex.set(key, index + 1);
    this.counts.set(key, (this.counts.get(key) ?? 0) + buf.rows.length);
    return { path: shardPath(table, split, index), rows: buf.rows.length, content: encodeShard(table, buf.rows as TableRecord<typeof table>[]) };
  }
}
