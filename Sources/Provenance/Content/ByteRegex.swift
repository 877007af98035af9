import CPCRE2

/// A PCRE2 pattern compiled once (with its JIT code) and matched over UTF-8
/// bytes: the footer reader's patterns, without ICU's UTF-16 conversions,
/// which cost more than the parse. Case-insensitive, Unicode-aware (`\b`,
/// `\s` and case folding as ICU had them). The compiled code is read-only
/// once built, so one instance serves every thread.
final class ByteRegex: @unchecked Sendable {
    private let code: OpaquePointer
    private let names: [String: UInt32]

    struct Match {
        /// Byte offsets into the subject: the whole match, and each group (nil when it took no part).
        var range: Range<Int>
        fileprivate var groups: [Range<Int>?]
        fileprivate var names: [String: UInt32]

        func range(named name: String) -> Range<Int>? {
            names[name].flatMap { Int($0) < groups.count ? groups[Int($0)] : nil }
        }
    }

    /// The pattern is a constant of the program: one that does not compile is a programming error.
    init(_ pattern: String) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        let options = UInt32(PCRE2_UTF) | UInt32(PCRE2_UCP) | UInt32(PCRE2_CASELESS)
        guard let compiled = pcre2_compile_8(pattern, feeds_pcre2_zero_terminated(), options,
                                             &errorCode, &errorOffset, nil) else {
            var message = [UInt8](repeating: 0, count: 256)
            _ = pcre2_get_error_message_8(errorCode, &message, message.count)
            fatalError("footer pattern does not compile at \(errorOffset): \(String(decoding: message.prefix { $0 != 0 }, as: UTF8.self))")
        }
        code = compiled
        _ = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE))
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafeMutableRawPointer?
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        var names: [String: UInt32] = [:]
        if let table {
            for index in 0..<Int(count) {
                let entry = table.advanced(by: index * Int(entrySize)).assumingMemoryBound(to: UInt8.self)
                let number = UInt32(entry[0]) << 8 | UInt32(entry[1])
                names[String(cString: entry + 2)] = number
            }
        }
        self.names = names
    }

    deinit { pcre2_code_free_8(code) }

    /// The first match at or after `start`.
    func firstMatch(in subject: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Match? {
        guard let data = pcre2_match_data_create_from_pattern_8(code, nil) else { return nil }
        defer { pcre2_match_data_free_8(data) }
        return match(subject, from: start, data: data)
    }

    /// Every match, left to right, not overlapping.
    func matches(in subject: UnsafeBufferPointer<UInt8>) -> [Match] {
        guard let data = pcre2_match_data_create_from_pattern_8(code, nil) else { return [] }
        defer { pcre2_match_data_free_8(data) }
        var found: [Match] = []
        var start = 0
        while start <= subject.count, let next = match(subject, from: start, data: data) {
            found.append(next)
            // An empty match moves on one character (its UTF-8 length).
            start = next.range.isEmpty ? Self.nextCharacter(subject, after: next.range.upperBound) : next.range.upperBound
        }
        return found
    }

    private func match(_ subject: UnsafeBufferPointer<UInt8>, from start: Int, data: OpaquePointer) -> Match? {
        guard start <= subject.count else { return nil }
        // A Swift String's bytes are valid UTF-8: PCRE2 need not check them again.
        let base = subject.baseAddress ?? UnsafePointer(bitPattern: 1)!
        let result = pcre2_match_8(code, base, subject.count, start, UInt32(PCRE2_NO_UTF_CHECK), data, nil)
        guard result > 0 else { return nil }
        let vector = pcre2_get_ovector_pointer_8(data)!
        let pairs = Int(pcre2_get_ovector_count_8(data))
        let unset = feeds_pcre2_unset()
        var groups: [Range<Int>?] = []
        groups.reserveCapacity(pairs)
        for index in 0..<pairs {
            let lower = vector[2 * index], upper = vector[2 * index + 1]
            groups.append(lower == unset || upper == unset ? nil : Int(lower)..<Int(upper))
        }
        guard let whole = groups.first ?? nil else { return nil }
        return Match(range: whole, groups: groups, names: names)
    }

    private static func nextCharacter(_ subject: UnsafeBufferPointer<UInt8>, after index: Int) -> Int {
        var next = index + 1
        while next < subject.count, subject[next] & 0xC0 == 0x80 { next += 1 }
        return next
    }
}
