import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Data-parallel loops over all cores, results in input order (so output never depends on scheduling).
public enum Parallel {
    /// `transform(i)` for every `i` in `0..<count`, run in chunks across cores. Chunks are small (32 per
    /// core) so that a run of costly items, such as a site's largest pages, cannot leave one core working
    /// alone at the end. `chunks` sets their number instead: `count` hands out items one by one, for
    /// lists whose items differ in cost by orders of magnitude.
    public static func map<T>(count: Int, chunks: Int? = nil, _ transform: (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(transform) }
        var results = [T?](repeating: nil, count: count)
        let chunks = min(count, chunks ?? ProcessInfoCores.count * 32)
        results.withUnsafeMutableBufferPointer { buffer in
            let output = UnsafeSendable(buffer)
            withoutActuallyEscaping(transform) { transform in
                let work = UnsafeSendable(transform)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let start = chunk * count / chunks, end = (chunk + 1) * count / chunks
                    for index in start..<end { output.value[index] = work.value(index) }
                }
            }
        }
        return results.map { $0! }
    }

    /// `body(i)` for every `i` in `0..<count`, across cores; the first error (by index) is thrown.
    public static func forEach<E: Error>(count: Int, _ body: (Int) throws(E) -> Void) throws(E) {
        let errors: [E?] = map(count: count) { index in
            do throws(E) {
                try body(index)
                return nil
            } catch {
                return error
            }
        }
        if let error = errors.first(where: { $0 != nil }) ?? nil { throw error }
    }
}

/// Work started on another thread at once; `value` waits for its result.
final class Pending<Value>: @unchecked Sendable {
    private let group = DispatchGroup()
    /// Written once by the work, read only after `group` says it is done.
    private var result: Value?

    init(_ work: @escaping () -> Value) {
        let work = UnsafeSendable(work)
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = work.value()
            self.group.leave()
        }
    }

    var value: Value {
        group.wait()
        return result!
    }
}

/// Each index is written by exactly one chunk and read only after all chunks finish, so sharing the
/// buffer and the closure across threads is safe even though the compiler cannot prove it.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

enum ProcessInfoCores {
    static let count: Int = {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 4
        #endif
    }()
}

/// Frees large values on another thread. At M, freeing a build's content, graph, fragments and file
/// list took a quarter of a second at the end of every build, with one core idle; `build` now returns
/// (and the command exits) without waiting for it. `serve` keeps its state and never calls this.
public enum BackgroundRelease {
    private final class Box: @unchecked Sendable {
        let values: [Any]
        init(_ values: [Any]) { self.values = values }
    }

    /// Kept values when the process exits after one build (see `keepUntilExit()`); guarded by `lock`.
    nonisolated(unsafe) private static var kept: [Box]?
    private static let lock = NSLock()

    /// For a command that exits as soon as its build is done (`briefing build`, `publish`): released
    /// values are then kept until the process ends, and its exit frees them all at once.
    ///
    /// Freeing on another thread still cost the build: the values' last reference could drop on the
    /// build's thread (when the other thread let go first), and the freeing, queued behind the pages at a
    /// lower priority, ran at the end and held up the exit (70 ms of a 3 s build at M, and 80 ms of CPU).
    public static func keepUntilExit() {
        lock.withLock { kept = kept ?? [] }
    }

    /// Keeps copies of `values` (the caller is done with them) and drops them on another thread, so
    /// that their last release, and the freeing, happens there. Values are copied, so this is safe
    /// whatever the caller does next; it only saves time when the caller's own copies are gone.
    ///
    /// For values a build is done with halfway (its content after linking): freed at the build's own
    /// priority, so that the memory is back before the pages are rendered (at a lower priority, the
    /// freeing waited until the last page).
    static func release(_ values: Any...) {
        let box = Box(values)
        DispatchQueue.global(qos: .userInitiated).async { withExtendedLifetime(box) {} }
    }

    /// Like `release`, for what is left at the end of a build: kept until the process exits when it
    /// exits after the build (`keepUntilExit()`), else freed on a utility thread.
    static func releaseAtEnd(_ values: Any...) {
        let box = Box(values)
        let keptUntilExit = lock.withLock {
            guard kept != nil else { return false }
            kept!.append(box)
            return true
        }
        guard !keptUntilExit else { return }
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(box) {} }
    }
}
