import type { CsrGraph } from './csr-graph';
import { checkedRows, userItemLists, type InteractionLog, type LogExtent } from '../interaction-log';

/**
 * The bipartite user-item graph: users are nodes `0 .. numUsers - 1`, items are nodes
 * `numUsers .. numUsers + numItems - 1` (see {@link itemNode}, {@link userNode},
 * {@link nodeItem}). Unweighted: a user and an item are linked once however many rows pair them.
 */
export interface UserItemGraph extends CsrGraph {
  /** Number of user nodes (the first ones). */
  numUsers: number;
  /** Number of item nodes (after the users). */
  numItems: number;
}

/** Options of {@link userItemGraph}: the log's id ranges and the rows to read ({@link LogExtent}). */
export type UserItemGraphOptions = LogExtent;

/**
 * Builds the bipartite user-item graph of a log: an undirected edge between user `u` and item `i`
 * when at least one of the log's rows (or of `options.rows`) pairs them. Users and items without rows
 * are isolated nodes. O(rows log d) time, O(rows) memory.
 *
 * ```ts
 * const graph = userItemGraph({ users, items }, { numUsers, numItems, rows: trainRows });
 * const walks = randomWalks(graph, { startNodes: bipartiteItemNodes(graph) });
 * ```
 *
 * @returns a {@link UserItemGraph} with `nodes = numUsers + numItems` and `2 × distinct pairs` stored edges, no weights.
 * @throws EmbeddingsInputError when the columns differ in length or an id or row is out of range.
 */
export function userItemGraph(log: InteractionLog, options: UserItemGraphOptions): UserItemGraph {
  const { numUsers, numItems } = options;
  const rows = checkedRows(log, options);
  const lists = userItemLists(log, numUsers, rows);
  const pairs = lists.items.length;
  const nodes = numUsers + numItems;
  const offsets = new Int32Array(nodes + 1);
  const neighbours = new Int32Array(2 * pairs);
  // User rows: the sorted distinct items, shifted to item node ids.
  for (let u = 0; u < numUsers; u++) offsets[u + 1] = lists.offsets[u + 1]!;
  for (let e = 0; e < pairs; e++) neighbours[e] = numUsers + lists.items[e]!;
  // Item rows: a counting sort by item; users are visited in order, so each row comes out sorted.
  for (let e = 0; e < pairs; e++) offsets[numUsers + lists.items[e]! + 1]!++;
  for (let v = numUsers; v < nodes; v++) offsets[v + 1]! += offsets[v]!;
  const fill = offsets.slice(numUsers, nodes);
  for (let u = 0; u < numUsers; u++) {
    for (let e = lists.offsets[u]!; e < lists.offsets[u + 1]!; e++) neighbours[fill[lists.items[e]!]!++] = u;
  }
  return { nodes, offsets, neighbours, numUsers, numItems };
}

/** Node id of user `user` in a {@link UserItemGraph}. */
export function userNode(_graph: UserItemGraph, user: number): number {
  return user;
}

/** Node id of item `item` in a {@link UserItemGraph}. */
export function itemNode(graph: UserItemGraph, item: number): number {
  return graph.numUsers + item;
}

/** The item a node stands for, or -1 when the node is a user. */
export function nodeItem(graph: UserItemGraph, node: number): number {
  return node >= graph.numUsers ? node - graph.numUsers : -1;
}

/** The user a node stands for, or -1 when the node is an item. */
export function nodeUser(graph: UserItemGraph, node: number): number {
  return node < graph.numUsers ? node : -1;
}

/** `[numItems]` the item nodes in item order: `startNodes` for walks that start only from items. */
export function bipartiteItemNodes(graph: UserItemGraph): Int32Array {
  const out = new Int32Array(graph.numItems);
  for (let i = 0; i < out.length; i++) out[i] = graph.numUsers + i;
  return out;
}
