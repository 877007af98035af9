/// The article's text on a page: the paragraphs of the element that holds
/// the most paragraph text, as readers' "reader modes" find it; navigation,
/// headers, footers, asides, forms and anything named like comments, share
/// bars or related links are never part of it.
enum MainText {
    static let skippedElements: Set<String> = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg", "iframe"]
    static let skippedNames = ["comment", "footer", "sidebar", "share", "related", "newsletter", "promo", "menu", "breadcrumb", "byline-box"]
    static let paragraphElements: Set<String> = ["p", "li", "blockquote", "h2", "h3", "pre"]

    static func of(_ root: HTMLPage.Element) -> String {
        var best: (score: Int, paragraphs: [String]) = (0, [])
        func visit(_ element: HTMLPage.Element) {
            var paragraphs: [String] = []
            for case .element(let child) in element.children {
                guard !isSkipped(child) else { continue }
                if paragraphElements.contains(child.name) {
                    let text = collapsed(child.text)
                    if !text.isEmpty { paragraphs.append(text) }
                } else {
                    visit(child)
                }
            }
            let score = paragraphs.reduce(0) { $0 + $1.utf8.count }
            if score > best.score { best = (score, paragraphs) }
        }
        visit(root)
        return best.paragraphs.joined(separator: "\n")
    }

    private static func isSkipped(_ element: HTMLPage.Element) -> Bool {
        if skippedElements.contains(element.name) { return true }
        let names = ((element.attribute("class") ?? "") + " " + (element.attribute("id") ?? "") + " " + (element.attribute("role") ?? "")).lowercased()
        return names.count > 2 && (skippedNames.contains { names.contains($0) } || names.contains("navigation") || names.contains("contentinfo"))
    }

    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
