extension Tensor {
  /// The `k` largest entries of every row along the last axis, in descending order, with their
  /// indices (ties: the lower index first). No gradient (ranking is for evaluation).
  ///
  /// - Precondition: `0 <= k <= shape.last`.
  public func topK(_ k: Int) -> (values: Tensor, indices: IndexTensor) {
    let c = shape.last ?? 1
    precondition(k >= 0 && k <= c, "topK: k = \(k) out of range 0...\(c)")
    let rows = count / Swift.max(c, 1)
    let outShape = Array(shape.dropLast()) + [k]
    let values = Tensor(uninitializedShape: outShape)
    var indices = [Int32](repeating: 0, count: rows * k)
    let px = storage.pointer
    let pv = SendablePointer(values.storage.pointer)
    indices.withUnsafeMutableBufferPointer { ib in
      let pi = SendablePointer(ib.baseAddress ?? UnsafeMutablePointer<Int32>.allocate(capacity: 0))
      parallelFor(rows, grain: Swift.max(1, (1 << 14) / Swift.max(c, 1))) { range in
        // A min-heap of the best k (value, index); "better" = larger value, then smaller index.
        var heap: [(Float, Int32)] = []
        heap.reserveCapacity(k)
        @inline(__always) func better(_ a: (Float, Int32), _ b: (Float, Int32)) -> Bool {
          a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
        }
        for r in range {
          heap.removeAll(keepingCapacity: true)
          let row = px + r * c
          for j in 0..<c where k > 0 {
            let item = (row[j], Int32(j))
            if heap.count < k {
              heap.append(item)
              var i = heap.count - 1
              while i > 0 {
                let parent = (i - 1) / 2
                if better(heap[parent], heap[i]) {
                  heap.swapAt(parent, i)
                  i = parent
                } else {
                  break
                }
              }
            } else if better(item, heap[0]) {
              heap[0] = item
              var i = 0
              while true {
                let l = 2 * i + 1, rr = l + 1
                var worst = i
                if l < k && better(heap[worst], heap[l]) { worst = l }
                if rr < k && better(heap[worst], heap[rr]) { worst = rr }
                if worst == i { break }
                heap.swapAt(i, worst)
                i = worst
              }
            }
          }
          heap.sort { better($0, $1) }
          for (j, item) in heap.enumerated() {
            pv.pointer[r * k + j] = item.0
            pi.pointer[r * k + j] = item.1
          }
        }
      }
    }
    return (values, IndexTensor(indices, shape: outShape))
  }

  /// The indices that sort every row along the last axis (stable; ascending by default).
  public func argSort(descending: Bool = false) -> IndexTensor {
    let c = shape.last ?? 1
    let rows = count / Swift.max(c, 1)
    var result = [Int32](repeating: 0, count: count)
    let px = storage.pointer
    for r in 0..<rows {
      let row = px + r * c
      let order = (0..<c).sorted { a, b in
        let x = row[a], y = row[b]
        if x != y { return descending ? x > y : x < y }
        return a < b
      }
      for (j, index) in order.enumerated() { result[r * c + j] = Int32(index) }
    }
    return IndexTensor(result, shape: shape)
  }
}
