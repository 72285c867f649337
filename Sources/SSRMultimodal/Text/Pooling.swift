import SSRTensor

/// How token states become one vector per text.
public enum Pooling: String, Sendable, CaseIterable, Codable {
  /// The state of the `[CLS]` token (sentence-transformers' `pooling_mode_cls_token`).
  case cls
  /// The mean of the real tokens' states, padding excluded (`pooling_mode_mean_tokens`).
  case mean
  /// The elementwise maximum over the real tokens (`pooling_mode_max_tokens`).
  case max
  /// BERT's pooled output `tanh(dense(h_[CLS]))` (`BertModel`'s `pooler_output`).
  case pooler

  /// `[count, hidden]` from `[count, length, hidden]` token states and the batch's lengths.
  ///
  /// - Precondition: for ``pooler``, `model` has a pooler.
  func callAsFunction(_ hiddenStates: Tensor, batch: TokenBatch, model: BertModel) -> Tensor {
    switch self {
    case .cls: return hiddenStates.sliced(axis: 1, 0, 1).squeezed(axis: 1)
    case .mean: return meanPooled(hiddenStates, lengths: batch.lengths)
    case .max: return maxPooled(hiddenStates, lengths: batch.lengths)
    case .pooler:
      guard let pooled = model.pooledOutput(hiddenStates) else { preconditionFailure("the model has no pooler") }
      return pooled
    }
  }
}

/// The mean over the first `lengths[b]` positions of each `[length, hidden]` slice of `x`
/// (`[count, length, hidden]` → `[count, hidden]`), as sentence-transformers' mean pooling:
/// the masked sum divided by the token count (at least 1e-9).
public func meanPooled(_ x: Tensor, lengths: [Int]) -> Tensor {
  let mask = tokenMask(lengths, length: x.shape[1])
  return (x * mask).sum(axis: 1) / mask.sum(axis: 1).clamped(min: 1e-9)
}

/// The elementwise maximum over the first `lengths[b]` positions of each slice of `x`
/// (`[count, length, hidden]` → `[count, hidden]`); padding counts as −1e9, as in sentence-transformers.
public func maxPooled(_ x: Tensor, lengths: [Int]) -> Tensor {
  let mask = tokenMask(lengths, length: x.shape[1])
  return `where`(mask, x, Tensor(-1e9)).max(axis: 1)
}

/// Each row of `x` divided by its Euclidean norm (at least `eps`), as `torch.nn.functional.normalize`.
public func l2Normalized(_ x: Tensor, eps: Float = 1e-12) -> Tensor {
  x / x.square().sum(axis: -1, keepDims: true).sqrt().clamped(min: eps)
}

/// `[count, length, 1]`: 1 for the first `lengths[b]` positions of row b, else 0.
private func tokenMask(_ lengths: [Int], length: Int) -> Tensor {
  var mask = [Float](repeating: 0, count: lengths.count * length)
  for (row, n) in lengths.enumerated() {
    for column in 0..<Swift.min(n, length) { mask[row * length + column] = 1 }
  }
  return Tensor(mask, shape: [lengths.count, length, 1])
}
