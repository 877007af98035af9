/// One feed to fetch, with the validators kept from its last response. They
/// are sent back exactly as the server wrote them.
public struct FetchRequest: Sendable, Hashable {
    public var url: String
    public var validators: Validators

    public init(url: String, validators: Validators = Validators()) {
        self.url = url
        self.validators = validators
    }
}

/// `ETag` and `Last-Modified` as received, byte for byte.
public struct Validators: Sendable, Hashable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    public var isEmpty: Bool { etag == nil && lastModified == nil }
}
