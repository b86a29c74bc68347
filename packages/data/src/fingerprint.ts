import { createHash } from 'node:crypto';
import type { Interactions } from './interactions';

/**
 * A content hash of a log (`"sha256:<hex>"`): id tables and all four columns, in row order.
 * Equal logs give equal fingerprints; any changed row, id or order changes it. An artifact's
 * manifest records it so a model can be traced to the exact data it saw.
 */
export function fingerprint(log: Interactions): string {
  const h = createHash('sha256');
  h.update(`twotower-interactions-v1\n${log.length}\n${log.userIds.length}\n${log.itemIds.length}\n`);
  for (const id of log.userIds) h.update(`${id}\u0000`);
  h.update('\n');
  for (const id of log.itemIds) h.update(`${id}\u0000`);
  h.update('\n');
  for (const col of [log.users, log.items, log.ratings, log.timestamps]) {
    h.update(new Uint8Array(col.buffer, col.byteOffset, col.length * col.BYTES_PER_ELEMENT));
  }
  return `sha256:${h.digest('hex')}`;
}
