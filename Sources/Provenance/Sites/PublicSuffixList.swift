import CPSL

/// Registrable domains by the Public Suffix List, through libpsl: the one
/// place that holds a libpsl context. `news.bbc.co.uk` → `bbc.co.uk`.
public final class PublicSuffixList: @unchecked Sendable {
    // libpsl's context is immutable once loaded and safe to share across threads.
    private let context: OpaquePointer?
    private let ownsContext: Bool

    /// The system's newest list (Debian's publicsuffix package), else libpsl's built-in one.
    public static let shared = PublicSuffixList()

    private init() {
        if let latest = psl_latest(nil) {
            context = latest
            ownsContext = true
        } else {
            context = psl_builtin()
            ownsContext = false
        }
    }

    deinit {
        if ownsContext, let context { psl_free(context) }
    }

    /// The registrable domain of a host name, lower-cased, without a trailing
    /// dot; nil for IP addresses, bare public suffixes and empty names.
    public func registrableDomain(ofHost host: String) -> String? {
        // On bytes: Foundation's hasSuffix and contains went through NSString on Linux.
        var name = Array(host.lowercased().utf8)
        while name.last == UInt8(ascii: ".") { name.removeLast() }
        guard !name.isEmpty, !Self.isIPAddress(name), let context else { return nil }
        name.append(0)
        return name.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { pointer in
                guard let found = psl_registrable_domain(context, pointer.baseAddress) else { return nil }
                return String(cString: found)
            }
        }
    }

    /// An IPv6 literal (a colon), or digits and dots alone (IPv4).
    private static func isIPAddress(_ name: [UInt8]) -> Bool {
        name.contains(UInt8(ascii: ":")) || name.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") }
    }
}
