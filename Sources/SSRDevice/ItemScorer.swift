/// Scores every item against a representation and keeps the best k, in buffers allocated once:
/// scores for the whole catalogue and a heap for the best k (grown only for a larger k).
final class ItemScorer {
  /// The item table `[N + 1, D]` (row 0 is padding and is never ranked).
  let table: DeviceBuffer
  let itemCount: Int, width: Int
  /// The scores of the last request, `N + 1` entries.
  let scores: DeviceBuffer
  private var heap: [RankedItem]

  init(table: DeviceBuffer, itemCount: Int, width: Int) {
    self.table = table
    self.itemCount = itemCount
    self.width = width
    scores = DeviceBuffer(count: itemCount + 1)
    heap = []
    heap.reserveCapacity(100)
  }

  /// `a` ranks before `b`: a larger score, then a smaller id (the training stack's `topK` order).
  @inline(__always) private static func better(_ a: RankedItem, _ b: RankedItem) -> Bool {
    a.score > b.score || (a.score == b.score && a.item < b.item)
  }

  /// The best `k` items (1…N) for `representation` (`width` floats), best first.
  func rank(_ representation: UnsafePointer<Float>, k: Int) -> [RankedItem] {
    let s = scores.pointer, e = table.pointer
    for i in 1...itemCount { s[i] = DenseKernels.dot(representation, e + i * width, width) }
    heap.removeAll(keepingCapacity: true)
    for i in 1...itemCount {
      let candidate = RankedItem(item: Int32(i), score: s[i])
      if heap.count < k {
        heap.append(candidate)
        var c = heap.count - 1
        while c > 0 {
          let parent = (c - 1) / 2
          guard Self.better(heap[parent], heap[c]) else { break }
          heap.swapAt(parent, c)
          c = parent
        }
      } else if Self.better(candidate, heap[0]) {
        heap[0] = candidate
        var c = 0
        while true {
          let l = 2 * c + 1, r = l + 1
          var worst = c
          if l < k && Self.better(heap[worst], heap[l]) { worst = l }
          if r < k && Self.better(heap[worst], heap[r]) { worst = r }
          if worst == c { break }
          heap.swapAt(c, worst)
          c = worst
        }
      }
    }
    return heap.sorted(by: Self.better)
  }
}
