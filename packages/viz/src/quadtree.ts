/** Depth below which cells are no longer split (coincident or nearly coincident points share a leaf). */
const MAX_DEPTH = 48;

/** Fields of one cell in {@link QuadTree.cells}; a cell takes {@link CELL_STRIDE} numbers (one cache line). */
export const CELL = {
  /** Centre x, centre y, half side. */
  cx: 0,
  cy: 1,
  half: 2,
  /** Centre of mass (sums while building). */
  comX: 3,
  comY: 4,
  /** Number of points in the cell. */
  count: 5,
  /** Index of the first of the four (adjacent) children, −1 for a leaf. */
  child: 6,
  /** A leaf's first point, −1 when empty; the others sharing it follow {@link QuadTree.next}. */
  point: 7,
} as const;
export const CELL_STRIDE = 8;

/**
 * A point-region quadtree over 2-D points, rebuilt every t-SNE iteration. Each cell is 8 numbers
 * in one Float64Array (64 bytes: one cache line), the four children of a cell are adjacent, and
 * each cell keeps its point count and centre of mass — all the Barnes-Hut approximation needs.
 */
export class QuadTree {
  /** Number of cells in use. */
  size = 0;
  /** `[capacity, CELL_STRIDE]` cell records, see {@link CELL}. */
  cells: Float64Array;
  /** Next point sharing a leaf with point i, −1 at the end of the list. */
  next: Int32Array = new Int32Array(0);
  /** Points in depth-first leaf order (after {@link build}): neighbouring points are adjacent. */
  order: Int32Array = new Int32Array(0);
  private insertOrder: Int32Array = new Int32Array(0);
  /** Cell id → offset in {@link order} of its first point: a cell's points are `order[start, start + count)`. */
  start: Int32Array = new Int32Array(0);

  /** Arrays live in SharedArrayBuffers (readable by worker threads). */
  readonly shared: boolean;

  constructor(capacity = 1024, shared = false) {
    this.shared = shared;
    this.cells = this.f64(capacity * CELL_STRIDE);
  }

  private f64(length: number): Float64Array {
    return this.shared ? new Float64Array(new SharedArrayBuffer(8 * length)) : new Float64Array(length);
  }

  private i32(length: number): Int32Array {
    return this.shared ? new Int32Array(new SharedArrayBuffer(4 * length)) : new Int32Array(length);
  }

  /**
   * Rebuilds the tree over `n` points.
   * @param y `[n, 2]` row-major coordinates.
   */
  build(y: Float64Array, n: number): void {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = y[2 * i]!;
      const v = y[2 * i + 1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (v < minY) minY = v;
      if (v > maxY) maxY = v;
    }
    let fresh = false;
    if (this.next.length !== n) {
      this.next = this.i32(n);
      this.order = this.i32(n);
      this.insertOrder = new Int32Array(n);
      fresh = true;
    } else {
      // insert in the last build's leaf order: consecutive inserts walk the same cells (cache-warm)
      this.insertOrder.set(this.order);
    }
    this.next.fill(-1);
    const side = Math.max(maxX - minX, maxY - minY, 1e-12);
    this.size = 0;
    this.alloc((minX + maxX) / 2, (minY + maxY) / 2, (side / 2) * (1 + 1e-6) + 1e-12);
    if (fresh) for (let i = 0; i < n; i++) this.insert(y, i);
    else for (let t = 0; t < n; t++) this.insert(y, this.insertOrder[t]!);
    const c = this.cells;
    for (let o = 0; o < this.size * CELL_STRIDE; o += CELL_STRIDE) {
      const k = c[o + CELL.count]!;
      if (k > 0) {
        c[o + CELL.comX]! /= k;
        c[o + CELL.comY]! /= k;
      }
    }
    this.fillOrder();
  }

  private fillOrder(): void {
    const c = this.cells;
    if (this.start.length < this.size) this.start = this.i32(this.cells.length / CELL_STRIDE);
    const stack: number[] = [0];
    let t = 0;
    while (stack.length > 0) {
      const id = stack.pop()!;
      const o = id * CELL_STRIDE;
      this.start[id] = t;
      const first = c[o + CELL.child]!;
      if (first >= 0) {
        for (let q = 3; q >= 0; q--) stack.push(first + q);
      } else {
        for (let p = c[o + CELL.point]!; p >= 0; p = this.next[p]!) this.order[t++] = p;
      }
    }
  }

  private alloc(cx: number, cy: number, half: number): number {
    if ((this.size + 1) * CELL_STRIDE > this.cells.length) {
      const bigger = this.f64(this.cells.length * 2);
      bigger.set(this.cells);
      this.cells = bigger;
    }
    const id = this.size++;
    const o = id * CELL_STRIDE;
    const c = this.cells;
    c[o + CELL.cx] = cx;
    c[o + CELL.cy] = cy;
    c[o + CELL.half] = half;
    c[o + CELL.comX] = 0;
    c[o + CELL.comY] = 0;
    c[o + CELL.count] = 0;
    c[o + CELL.child] = -1;
    c[o + CELL.point] = -1;
    return id;
  }

  private quadrant(o: number, x: number, v: number): number {
    const c = this.cells;
    return c[o + CELL.child]! + (x >= c[o + CELL.cx]! ? 1 : 0) + (v >= c[o + CELL.cy]! ? 2 : 0);
  }

  private insert(y: Float64Array, i: number): void {
    const x = y[2 * i]!;
    const v = y[2 * i + 1]!;
    let id = 0;
    for (let depth = 0; ; depth++) {
      let c = this.cells;
      const o = id * CELL_STRIDE;
      c[o + CELL.count]! += 1;
      c[o + CELL.comX]! += x;
      c[o + CELL.comY]! += v;
      if (c[o + CELL.child]! >= 0) {
        id = this.quadrant(o, x, v);
        continue;
      }
      const p = c[o + CELL.point]!;
      if (p < 0) {
        c[o + CELL.point] = i;
        return;
      }
      const px = y[2 * p]!;
      const pv = y[2 * p + 1]!;
      if (depth >= MAX_DEPTH || (px === x && pv === v)) {
        // share the leaf: i joins the list after its first point
        this.next[i] = this.next[p]!;
        this.next[p] = i;
        return;
      }
      // Split: four children, the resident points move down, then keep descending with i.
      const h = c[o + CELL.half]! / 2;
      const cx = c[o + CELL.cx]!;
      const cy = c[o + CELL.cy]!;
      const first = this.alloc(cx - h, cy - h, h);
      this.alloc(cx + h, cy - h, h);
      this.alloc(cx - h, cy + h, h);
      this.alloc(cx + h, cy + h, h);
      c = this.cells; // alloc may have grown the array
      c[o + CELL.child] = first;
      c[o + CELL.point] = -1;
      const q = this.quadrant(o, px, pv) * CELL_STRIDE;
      const k = c[o + CELL.count]! - 1;
      c[q + CELL.count] = k;
      c[q + CELL.comX] = px * k;
      c[q + CELL.comY] = pv * k;
      c[q + CELL.point] = p;
      id = this.quadrant(o, x, v);
    }
  }
}
