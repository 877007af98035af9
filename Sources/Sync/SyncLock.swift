import Foundation
import Store
#if canImport(Glibc)
import Glibc
#endif

/// One sync per cache: an exclusive `flock` on `sync.lock` in the cache
/// folder. The kernel releases it when the process ends, however it ends.
public final class SyncLock {
    private let descriptor: Int32

    /// Takes the lock, waiting up to `wait` seconds for a running sync to finish.
    /// Nil when it is still held after that.
    public init?(cache: URL, wait: Double) throws {
        do {
            try CacheFolder.prepare(cache)
        } catch {
            throw SyncError(error.description)
        }
        let path = cache.appendingPathComponent("sync.lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SyncError("cannot open \(path): \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(wait)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard Date() < deadline else {
                close(descriptor)
                return nil
            }
            usleep(100_000)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

public struct SyncError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
