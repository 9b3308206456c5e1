import { constants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** Test helper: writes ZIP archives by hand, so that tests can make bombs and liars. */

export interface ZipEntrySpec {
  name: string;
  /** Raw deflate data. */
  compressed: Buffer;
  /** What the headers claim the entry inflates to. */
  uncompressedSize: number;
  crc: number;
}

export function deflatedEntry(name: string, data: Buffer): ZipEntrySpec {
  return { name, compressed: deflateRawSync(data), uncompressedSize: data.length, crc: crc32(data) };
}

/**
 * An entry that really inflates to `head`, then `mebibytes` MiB of `fill` repeated, then `tail`,
 * from about a kilobyte per MiB: once the deflate window holds only the fill, one sync-flushed
 * block of a MiB of it decodes the same after any other, so it is repeated. `fill` must divide a MiB.
 */
export async function repeatedEntry(
  name: string,
  head: string,
  fill: string,
  mebibytes: number,
  tail: string,
): Promise<ZipEntrySpec> {
  const mib = Buffer.from(fill.repeat((1 << 20) / Buffer.byteLength(fill)));
  if (mib.length !== 1 << 20) throw new Error('the fill must divide a MiB');
  const deflate = createDeflateRaw();
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const flushed = async (kind: number): Promise<Buffer> => {
    await new Promise<void>((resolve) => deflate.flush(kind, () => resolve()));
    const block = Buffer.concat(out);
    out.length = 0;
    return block;
  };
  deflate.write(Buffer.from(head));
  deflate.write(mib);
  const first = await flushed(constants.Z_SYNC_FLUSH);
  deflate.write(mib);
  const middle = await flushed(constants.Z_SYNC_FLUSH);
  deflate.end(Buffer.from(tail));
  await new Promise<void>((resolve) => deflate.on('end', () => resolve()));
  const last = Buffer.concat(out);
  let crc = crc32(head);
  for (let i = 0; i < mebibytes; i++) crc = crc32(mib, crc);
  crc = crc32(tail, crc);
  const parts = [first];
  for (let i = 1; i < mebibytes; i++) parts.push(middle);
  parts.push(last);
  return {
    name,
    compressed: Buffer.concat(parts),
    uncompressedSize: Buffer.byteLength(head) + mebibytes * (1 << 20) + Buffer.byteLength(tail),
    crc,
  };
}

/** An entry that really inflates to `megabytes` MiB of zeros from about a kilobyte per MiB. */
export const zeroBombEntry = (name: string, megabytes: number) =>
  repeatedEntry(name, '', '\0', megabytes, '');

export function buildZip(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(e.uncompressedSize >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.compressed.length, 20);
    central.writeUInt32LE(e.uncompressedSize >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.compressed);
    centrals.push(central, name);
    offset += local.length + name.length + e.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
