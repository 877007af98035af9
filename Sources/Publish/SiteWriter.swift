import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes the site's files so that a reader never sees a half-written one and
/// static hosting keeps its validators: each file is written beside its
/// place and renamed over it, and only when its bytes changed (an unchanged
/// file keeps its mtime). Files an earlier publish wrote that the site no
/// longer has (an origin page nothing links to, a removed item's site) are
/// deleted; nothing else in the folder is touched. The list of what was
/// written is kept in `.feeds-published`.
struct SiteWriter {
    let folder: URL
    static let manifestName = ".feeds-published"

    struct Outcome: Sendable, Equatable {
        var written: [String] = []
        var unchanged = 0
        var deleted: [String] = []
    }

    func write(_ files: [String: [UInt8]]) throws(PublishError) -> Outcome {
        var outcome = Outcome()
        try makeFolder(folder)
        let previous = readManifest()
        // Pages that others link to go first, the index last, so a link never points at a page not yet there.
        let order = files.keys.sorted { (rank($0), $0) < (rank($1), $1) }
        for path in order {
            let bytes = files[path]!
            let target = folder.appendingPathComponent(path)
            try makeFolder(target.deletingLastPathComponent())
            if FileManager.default.contents(atPath: target.path).map({ [UInt8]($0) == bytes }) == true {
                outcome.unchanged += 1
                continue
            }
            try replace(target, with: bytes)
            outcome.written.append(path)
        }
        for path in previous.subtracting(files.keys).sorted() {
            let target = folder.appendingPathComponent(path)
            if unlink(target.path) == 0 || errno == ENOENT { outcome.deleted.append(path) }
        }
        let manifest = Array((files.keys.sorted().joined(separator: "\n") + "\n").utf8)
        let manifestURL = folder.appendingPathComponent(Self.manifestName)
        if FileManager.default.contents(atPath: manifestURL.path).map({ [UInt8]($0) }) != manifest {
            try replace(manifestURL, with: manifest)
        }
        return outcome
    }

    private func rank(_ path: String) -> Int {
        if path == "style.css" { return 0 }
        if path.hasPrefix("origins/") { return 1 }
        return path == "index.html" ? 3 : 2
    }

    private func readManifest() -> Set<String> {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(Self.manifestName).path) else { return [] }
        // Only plain relative paths of our own making: a tampered list must not reach outside the folder.
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { path in
            !path.hasPrefix("/") && !path.split(separator: "/").contains("..") && !path.isEmpty
        })
    }

    private func makeFolder(_ url: URL) throws(PublishError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw PublishError("cannot create the folder \(url.path): \(Self.reason(error))")
        }
    }

    /// Writes beside the target, flushes, and renames over it.
    private func replace(_ target: URL, with bytes: [UInt8]) throws(PublishError) {
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PublishError("cannot write \(target.path): \(String(cString: strerror(errno)))") }
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += result
            }
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        guard failure == 0, rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(failure != 0 ? failure : errno))
            unlink(temporary.path)
            throw PublishError("cannot write \(target.path): \(reason)")
        }
    }

    static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(code))) }
        return "not possible here"
    }
}
