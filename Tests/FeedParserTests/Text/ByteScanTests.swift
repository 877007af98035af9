import Testing
import FeedModel

/// The sixteen-byte scans must find exactly what a byte-by-byte loop finds,
/// at every alignment and across the block boundaries.
@Suite("Byte scans")
struct ByteScanTests {
    /// Deterministic text with markup characters sprinkled at odd places.
    private func sample(_ length: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<length).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            switch state >> 58 {
            case 0: return UInt8(ascii: "<")
            case 1: return UInt8(ascii: "&")
            case 2: return 0x0A
            case 3: return 0xC3
            default: return UInt8(ascii: "a") + UInt8(state >> 59)
            }
        }
    }

    @Test("First of two or three bytes, from every start, as a plain loop finds it")
    func firstIndex() {
        for length in [0, 1, 15, 16, 17, 33, 200] {
            let bytes = sample(length, seed: UInt64(length))
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0...length {
                    let two = buffer[start...].firstIndex { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") } ?? length
                    #expect(ByteScan.firstIndex(of: UInt8(ascii: "<"), UInt8(ascii: "&"), in: buffer, from: start) == two)
                    let three = buffer[start...].firstIndex { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") || $0 == 0x0A } ?? length
                    #expect(ByteScan.firstIndex(of: UInt8(ascii: "<"), UInt8(ascii: "&"), 0x0A, in: buffer, from: start) == three)
                    let nonPlain = buffer[start...].firstIndex { !($0 >= 0x20 && $0 < 0x80 || $0 == 0x0A) } ?? length
                    #expect(ByteScan.firstNonPlainASCII(in: buffer, from: start) == nonPlain)
                }
            }
        }
    }

    @Test("Line feeds are counted right past the 255-block batches of the vector count")
    func countLines() {
        // 255 blocks of sixteen line feeds would overflow a byte-wide lane if not summed in time.
        let bytes = [UInt8](repeating: 0x0A, count: 16 * 600 + 7) + sample(1000, seed: 7)
        let expected = bytes.filter { $0 == 0x0A }.count
        bytes.withUnsafeBufferPointer { buffer in
            #expect(ByteScan.count(of: 0x0A, in: buffer, range: 0..<buffer.count) == expected)
            #expect(ByteScan.count(of: 0x0A, in: buffer, range: 3..<40) == 37)
        }
    }

    @Test("A literal is found where it starts, not where its first byte repeats")
    func findLiteral() {
        let text = Array("a]] ]]] x ]]>tail".utf8)
        text.withUnsafeBufferPointer { buffer in
            #expect(ByteScan.find("]]>", in: buffer, from: 0) == 10)
            #expect(ByteScan.find("]]>", in: buffer, from: 11) == nil)
        }
    }
}
