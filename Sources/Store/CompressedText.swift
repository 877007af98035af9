import CZstd
import Foundation
import GRDB

/// The large HTML columns (`content`, `summary`) as zstd frames: the text of
/// full-text items is most of the store (19 of 45 MB of items for 9,000
/// realistic items) and HTML compresses about fourfold. Short values stay
/// plain text, and a plain text value (a store written before) reads as it
/// always did; a frame is told by zstd's magic number.
enum CompressedText {
    /// Below this many bytes a frame saves too little to be worth the work.
    static let threshold = 512
    static let level: Int32 = 3
    private static let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    static func stored(_ text: String?) -> (any DatabaseValueConvertible)? {
        guard let text, text.utf8.count >= threshold else { return text }
        var source = text
        return source.withUTF8 { bytes -> (any DatabaseValueConvertible)? in
            let bound = ZSTD_compressBound(bytes.count)
            var frame = Data(count: bound)
            let written = frame.withUnsafeMutableBytes { output in
                ZSTD_compress(output.baseAddress, bound, bytes.baseAddress, bytes.count, level)
            }
            guard ZSTD_isError(written) == 0, written < bytes.count else { return text }
            frame.count = written
            return frame
        }
    }

    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .string(let text): return text
        case .blob(let data):
            guard data.starts(with: magic) else { return String(decoding: data, as: UTF8.self) }
            return data.withUnsafeBytes { frame -> String? in
                let size = ZSTD_getFrameContentSize(frame.baseAddress, frame.count)
                // ZSTD_CONTENTSIZE_UNKNOWN and _ERROR are the two largest values; a frame we wrote always says its size.
                guard size < UInt64.max - 1, size < 1 << 31 else { return nil }
                return String(unsafeUninitializedCapacity: Int(size)) { output in
                    let read = ZSTD_decompress(output.baseAddress, Int(size), frame.baseAddress, frame.count)
                    return ZSTD_isError(read) == 0 ? read : 0
                }
            }
        default: return nil
        }
    }
}
