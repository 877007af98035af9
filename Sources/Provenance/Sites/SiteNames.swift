/// The registrable domains of one analysis, each host looked up once: a
/// feed's items link to a handful of hosts, and a Public Suffix List lookup
/// cost more than reading an item's footer. Lives for one `analyze` call, on
/// one thread; nothing is kept between feeds.
final class SiteNames {
    private let suffixes: PublicSuffixList
    private var domains: [String: String?] = [:]

    init(_ suffixes: PublicSuffixList) {
        self.suffixes = suffixes
    }

    /// `SiteAddress.site(of:)`, remembered by host.
    func site(of address: String) -> String? {
        SiteAddress.host(of: address).flatMap(domain(ofHost:))
    }

    /// `SiteAddress.site(named:)`, remembered by host.
    func site(named text: String) -> String? {
        SiteAddress.host(named: text).flatMap(domain(ofHost:))
    }

    private func domain(ofHost host: String) -> String? {
        if let known = domains[host] { return known }
        let domain = suffixes.registrableDomain(ofHost: host)
        domains[host] = domain
        return domain
    }
}
