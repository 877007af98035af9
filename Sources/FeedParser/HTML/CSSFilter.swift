/// The safe subset of a `style` attribute: colours, fonts, text alignment and
/// decoration, margins, padding and borders with plain lengths, widths and
/// heights. A declaration is kept only when its property is on the list and
/// its value is made of plain tokens: keywords, numbers with units, `#hex`
/// colours and the colour functions. Nothing that loads (`url(`, `@import`),
/// runs (`expression(`, `behavior`, `-moz-binding`, `javascript:`), hides
/// behind escapes or comments (`\`, `/*`), or moves content out of its place
/// (`position`, `z-index`, `display`) survives.
enum CSSFilter {
    static let properties: Set<[UInt8]> = Set([
        "color", "background-color", "font", "font-family", "font-size", "font-style", "font-weight", "font-variant",
        "text-align", "text-decoration", "text-decoration-line", "text-decoration-color", "text-decoration-style",
        "text-indent", "text-transform", "letter-spacing", "word-spacing", "line-height", "white-space", "vertical-align",
        "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
        "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
        "border", "border-top", "border-right", "border-bottom", "border-left", "border-width", "border-style", "border-color",
        "border-collapse", "border-spacing", "border-radius",
        "width", "height", "max-width", "min-width", "max-height", "min-height", "float", "clear",
        "list-style-type", "caption-side", "empty-cells", "direction", "table-layout",
    ].map { Array($0.utf8) })

    static let functions: Set<[UInt8]> = Set(["rgb", "rgba", "hsl", "hsla"].map { Array($0.utf8) })

    /// Appends the kept declarations, `prop: value; prop: value`.
    static func appendSafeDeclarations(_ css: UnsafeBufferPointer<UInt8>, to output: inout ByteWriter) {
        // Escapes and comments can spell anything: a style that holds one is dropped whole.
        for index in 0..<css.count {
            let byte = css[index]
            if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") { return }
            if byte == UInt8(ascii: "/"), index + 1 < css.count, css[index + 1] == UInt8(ascii: "*") { return }
        }
        var start = 0
        while start < css.count {
            var end = start
            while end < css.count, css[end] != UInt8(ascii: ";") { end += 1 }
            appendDeclaration(UnsafeBufferPointer(rebasing: css[start..<end]), to: &output)
            start = end + 1
        }
    }

    private static func appendDeclaration(_ declaration: UnsafeBufferPointer<UInt8>, to output: inout ByteWriter) {
        guard let colon = declaration.firstIndex(of: UInt8(ascii: ":")) else { return }
        let property = trimmed(declaration[..<colon]).map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
        let value = trimmed(declaration[(colon + 1)...])
        guard properties.contains(property), !value.isEmpty, isSafeValue(value) else { return }
        if output.count > 0 { output.append("; ") }
        output.append(property)
        output.append(": ")
        output.append(value)
    }

    private static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8] {
        var slice = bytes[...]
        while let first = slice.first, first <= 0x20 { slice = slice.dropFirst() }
        while let last = slice.last, last <= 0x20 { slice = slice.dropLast() }
        return Array(slice)
    }

    /// Keywords, numbers with units, percentages, `#hex`, quoted font names,
    /// commas, `!important`, and the colour functions; nothing else.
    static func isSafeValue(_ value: [UInt8]) -> Bool {
        var index = 0
        var depth = 0
        while index < value.count {
            let byte = value[index]
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                var end = index
                while end < value.count, isWordByte(value[end]) { end += 1 }
                let word = value[index..<end].map { $0 | 0x20 }
                if end < value.count, value[end] == UInt8(ascii: "(") {
                    guard functions.contains(word), depth == 0 else { return false }
                    depth += 1
                    end += 1
                }
                index = end
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "%"), UInt8(ascii: "#"), UInt8(ascii: ","),
                 UInt8(ascii: "+"), UInt8(ascii: "!"), UInt8(ascii: "/"), 0x20, 0x09:
                index += 1
            case UInt8(ascii: ")"):
                guard depth > 0 else { return false }
                depth -= 1
                index += 1
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                // A quoted font family: letters, digits, spaces and hyphens only.
                guard let close = value[(index + 1)...].firstIndex(of: byte) else { return false }
                guard value[(index + 1)..<close].allSatisfy({ isWordByte($0) || $0 == 0x20 }) else { return false }
                index = close + 1
            default:
                return false
            }
        }
        return depth == 0
    }

    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
