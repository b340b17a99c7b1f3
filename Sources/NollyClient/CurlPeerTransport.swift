import CCurl
import Foundation
public import NollyCrypto
public import NollyFederation
import NollySync

/// Signed requests to one peer over HTTPS with libcurl. The peer's self-signed certificate
/// is not checked against certificate authorities; its public key must match the fingerprint
/// pinned from the invite (curl's `CURLOPT_PINNEDPUBLICKEY`), or no byte is sent. Every 2xx
/// answer must carry the peer's ``ResponseSignature`` by its node key, bound to the request.
/// One connection is kept alive across requests. Not thread-safe: one per sync.
public final class CurlPeerTransport: PeerTransport {
    /// The largest answer read from a peer (a pull page is far smaller).
    public static let maxResponseBytes = 64 << 20

    let baseURL: String
    let authority: String
    let pin: String
    let key: SigningKey
    /// The node key every answer must be signed by.
    let responder: SigningPublicKey
    let timeout: Int
    private let handle: UnsafeMutableRawPointer

    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    /// - Parameters:
    ///   - url: the peer's `https://host:port`.
    ///   - fingerprint: SHA-256 of the peer certificate's SubjectPublicKeyInfo.
    ///   - key: the node key that signs every request.
    ///   - responder: the peer's node key, which must sign every answer.
    ///   - timeout: seconds a request may take in all (connecting: at most 10).
    public init(
        url: String,
        fingerprint: [UInt8],
        key: SigningKey,
        responder: SigningPublicKey,
        timeout: Int = 60
    ) throws {
        guard let parsed = URL(string: url), parsed.scheme == "https", parsed.host != nil else {
            throw PeerTransportError(status: nil, "'\(url)' is not an https URL")
        }
        guard fingerprint.count == 32 else {
            throw PeerTransportError(status: nil, "the pinned certificate fingerprint must be 32 bytes")
        }
        guard Self.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            throw PeerTransportError(status: nil, "libcurl could not start")
        }
        self.handle = handle
        baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        let host = parsed.host!.contains(":") ? "[\(parsed.host!)]" : parsed.host!
        authority = (parsed.port.map { $0 == 443 ? host : "\(host):\($0)" } ?? host).lowercased()
        pin = "sha256//" + Data(fingerprint).base64EncodedString()
        self.key = key
        self.responder = responder
        self.timeout = timeout
    }

    deinit { curl_easy_cleanup(handle) }

    public func post(_ path: String, body: [UInt8]) throws -> [UInt8] {
        let signature = RequestSignature(
            signing: "POST",
            target: baseURL + path,
            authority: authority,
            body: body,
            now: UInt64(max(0, Date().timeIntervalSince1970)),
            with: key
        )
        let (status, answer, answerSignature) = try send(path, body: body, headers: signature.headerFields)
        guard (200..<300).contains(status) else {
            throw PeerTransportError(
                status: status,
                Self.errorMessage(answer) ?? "no reason given",
                code: FederationRefusal(serialized: answer)?.kind
            )
        }
        guard
            ResponseSignature.isValid(
                answerSignature,
                answering: signature.signature,
                status: status,
                body: answer,
                by: responder
            )
        else {
            throw PeerTransportError(
                status: nil,
                "\(baseURL) answered without a valid signature by node key \(responder.hex.prefix(16))…; "
                    + "its answer was ignored"
            )
        }
        return answer
    }

    /// One POST with the given extra header fields, signed or not; returns the status, body and
    /// answer signature whatever the status. ``post(_:body:)`` is built on it; tests send crafted
    /// requests with it.
    public func send(
        _ path: String,
        body: [UInt8],
        headers fields: [(name: String, value: String)]
    ) throws -> (status: Int, body: [UInt8], signature: String?) {
        let target = baseURL + path
        var headers: UnsafeMutablePointer<curl_slist>?
        for line in ["Content-Type: application/x-protobuf", "Expect:"] + fields.map({ "\($0.name): \($0.value)" }) {
            headers = curl_slist_append(headers, line)
        }
        defer { curl_slist_free_all(headers) }

        let response = ResponseBuffer(limit: Self.maxResponseBytes)
        let context = Unmanaged.passUnretained(response).toOpaque()
        let code: CURLcode = body.withUnsafeBufferPointer { bytes in
            nolly_curl_set_string(handle, CURLOPT_URL, target)
            nolly_curl_set_long(handle, CURLOPT_POST, 1)
            nolly_curl_set_large(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
            nolly_curl_set_pointer(
                handle,
                CURLOPT_POSTFIELDS,
                UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            )
            nolly_curl_set_slist(handle, CURLOPT_HTTPHEADER, headers)
            nolly_curl_set_write_function(handle, ResponseBuffer.write)
            nolly_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
            // Trust comes from the pinned key, not from certificate authorities.
            nolly_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 0)
            nolly_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 0)
            nolly_curl_set_string(handle, CURLOPT_PINNEDPUBLICKEY, pin)
            nolly_curl_set_long(handle, CURLOPT_TIMEOUT, timeout)
            nolly_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, min(10, timeout))
            nolly_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            if response.overflowed {
                throw PeerTransportError(
                    status: nil,
                    "\(target) answered with more than \(Self.maxResponseBytes) bytes"
                )
            }
            if code == CURLE_SSL_PINNEDPUBKEYNOTMATCH {
                throw PeerTransportError(
                    status: 495,
                    "\(baseURL) presented a certificate that does not match the pinned fingerprint; refusing to talk to it"
                )
            }
            throw PeerTransportError(
                status: nil,
                "cannot reach \(target): \(String(cString: curl_easy_strerror(code)))"
            )
        }
        var status = 0
        nolly_curl_get_response_code(handle, &status)
        let answerSignature = nolly_curl_response_header(handle, ResponseSignature.headerName).map {
            String(cString: $0)
        }
        return (status, response.bytes, answerSignature)
    }

    /// The message of a Hummingbird error body, `{"error":{"message":"..."}}`.
    public static func errorMessage(_ body: [UInt8]) -> String? {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            // Hummingbird's own errors (an unknown path, say) are JSON.
            return (object["error"] as? [String: Any])?["message"] as? String
        }
        if let refusal = FederationRefusal(serialized: body), !refusal.message.isEmpty {
            return "\(refusal.message) [\(refusal.code)]"
        }
        return body.isEmpty ? nil : String(decoding: body.prefix(500), as: UTF8.self)
    }
}

/// Collects an answer's bytes for libcurl's write callback, up to a limit.
private final class ResponseBuffer {
    let limit: Int
    var bytes: [UInt8] = []
    var overflowed = false

    init(limit: Int) { self.limit = limit }

    static let write: nolly_curl_write_callback = { data, size, count, context in
        guard let data, let context else { return 0 }
        let buffer = Unmanaged<ResponseBuffer>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        guard buffer.bytes.count + length <= buffer.limit else {
            buffer.overflowed = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: length) {
            buffer.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
        }
        return length
    }
}
