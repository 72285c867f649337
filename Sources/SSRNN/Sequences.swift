import SSRTensor

/// The vectors at position `lengths[b] − 1` of each sequence of `x: [batch, length, width]`
/// (the last real item of right-padded histories), as `[batch, width]`.
public func gatherLast(_ x: Tensor, lengths: [Int32]) -> Tensor {
  precondition(x.rank == 3 && lengths.count == x.shape[0], "gatherLast expects [B, L, D] and B lengths")
  let length = x.shape[1]
  let rows = lengths.enumerated().map { b, n -> Int32 in
    precondition(n >= 1 && Int(n) <= length, "lengths must be in 1...\(length)")
    return Int32(b * length) + n - 1
  }
  return x.reshaped([-1, x.shape[2]]).take(IndexTensor(rows), axis: 0)
}

/// The positions `0..<length` for every row: `[batch, length]` indices for a position embedding.
public func positionIndices(batch: Int, length: Int) -> IndexTensor {
  var scalars: [Int32] = []
  scalars.reserveCapacity(batch * length)
  for _ in 0..<batch { scalars += (0..<Int32(length)) }
  return IndexTensor(scalars, shape: [batch, length])
}
