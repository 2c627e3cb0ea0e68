/** Standard knockout bracket order of seeds 1..size (size a power of 2): 1 and 2 can only meet in the
 * final, 1–4 only from the semi-finals on. E.g. size 8 → [1, 8, 4, 5, 2, 7, 3, 6]. */
export function bracketOrder(size: number): number[] {
  let order = [1];
  while (order.length < size) {
    const m = order.length * 2;
    order = order.flatMap((s) => [s, m + 1 - s]);
  }
  return order;
}

export function bracketSize(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}
