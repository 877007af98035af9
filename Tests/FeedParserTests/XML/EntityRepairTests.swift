import Foundation
import Testing
@testable import FeedParser

@Suite("Entity repair before libxml2")
struct EntityRepairTests {
    private func repair(_ text: String, chunkSize: Int = 1 << 20) -> (String, [EntityRepair.Note]) {
        var repairer = EntityRepair()
        var output: [UInt8] = []
        var notes: [EntityRepair.Note] = []
        let bytes = Array(text.utf8)
        var offset = 0
        repeat {
            let end = min(bytes.count, offset + chunkSize)
            bytes[offset..<end].withUnsafeBufferPointer { chunk in
                // An unchanged chunk is not copied: it is passed on as it is.
                if repairer.process(chunk, final: end == bytes.count, into: &output, notes: &notes) { output.append(contentsOf: chunk) }
            }
            offset = end
        } while offset < bytes.count
        return (String(decoding: output, as: UTF8.self), notes)
    }

    @Test("Named references become character references; C1 references are read as windows-1252; CDATA and comments are untouched")
    func references() {
        let input = "<t a=\"x&amp;y&z\">&lt;&nbsp;&#8217;&#x41;&#146;</t><![CDATA[&nbsp; & <]]><!-- & --><?pi & ?>"
        let expected = "<t a=\"x&#38;y&#38;z\">&#60;&#160;&#8217;&#x41;&#8217;</t><![CDATA[&nbsp; & <]]><!-- & --><?pi & ?>"
        for size in [1, 3, 1 << 20] {
            #expect(repair(input, chunkSize: size).0 == expected, "chunk size \(size)")
        }
    }

    @Test("Notes carry the line they were found on")
    func lines() {
        let (_, notes) = repair("<a>\nfine\n&bogus; & x\n</a>")
        #expect(notes.map(\.line) == [3, 3])
        #expect(notes.first?.kind == .undefinedEntity("bogus"))
        #expect(notes.last?.kind == .bareAmpersand)
    }

    @Test("References to characters XML forbids become U+FFFD")
    func invalidCharacterReference() {
        #expect(repair("<a>&#0;&#xD800;</a>").0 == "<a>&#xFFFD;&#xFFFD;</a>")
    }
}
