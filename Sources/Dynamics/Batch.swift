import Foundation

/// Runs independent work items over the machine's cores with results in
/// index order, identical bit for bit whatever the number of workers.
///
/// Each item must depend only on its index (derive its generator from
/// (seed, index), never from a shared one); the batch then only decides
/// *where* an item runs, never *what* it computes. Each worker takes the
/// next item not yet taken (dynamic scheduling, so items of unequal cost —
/// batches whose runs stop early — keep every worker busy to the end).
public enum Batch {
  /// The number of workers used by default: the active processor count.
  public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// Computes `work(i)` for i in 0..<count on `workers` threads; returns the results in index order.
  public static func map<T: Sendable>(count: Int, workers: Int = defaultWorkers, _ work: @Sendable (Int) -> T) -> [T] {
    precondition(count >= 0 && workers >= 1, "invalid batch")
    guard count > 0 else { return [] }
    let w = min(workers, count)
    let results = ResultSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: w) { _ in
      while let i = results.takeIndex() { results.store(work(i), at: i) }
    }
    return results.values()
  }
}

/// Write-once slots shared by the workers of a batch: each index is written
/// by exactly one worker, and all writes finish before `values()` is read
/// (`concurrentPerform` returns only when every iteration has).
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
  private var slots: [T?]
  private var next = 0
  private let lock = NSLock()

  /// The next index no worker has taken, or nil when all are taken.
  func takeIndex() -> Int? {
    lock.withLock {
      guard next < slots.count else { return nil }
      defer { next += 1 }
      return next
    }
  }

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func store(_ value: T, at i: Int) { lock.withLock { slots[i] = value } }

  func values() -> [T] { lock.withLock { slots.map { $0! } } }
}
