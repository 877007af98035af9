import CZlib

/// gzip and HTTP "deflate" (the zlib format) bodies for the test server.
public enum Compression {
    public static func gzip(_ bytes: [UInt8]) -> [UInt8] { compress(bytes, windowBits: 31) }
    public static func deflate(_ bytes: [UInt8]) -> [UInt8] { compress(bytes, windowBits: 15) }

    private static func compress(_ input: [UInt8], windowBits: Int32) -> [UInt8] {
        var stream = z_stream()
        precondition(feeds_deflate_init(&stream, 9, windowBits) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        var input = input
        let produced = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                precondition(CZlib.deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return target.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<produced])
    }
}
