public import HTTPTypes
public import Hummingbird
import NIOCore
import NollyModel
public import NollySync

/// A refusal as Hummingbird answers it: the code's HTTP status, `Retry-After` when given, and a
/// protobuf `Refusal` body that carries the code (PROTOCOL.md, "Error codes").
public struct RefusalResponse: HTTPResponseError {
    public let refusal: FederationRefusal

    public init(_ refusal: FederationRefusal) { self.refusal = refusal }

    public init(_ code: RefusalCode, _ message: String, retryAfter: UInt64? = nil) {
        refusal = FederationRefusal(code, message, retryAfter: retryAfter)
    }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: refusal.status) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/x-protobuf"]
        if let seconds = refusal.retryAfter { headers[.retryAfter] = "\(seconds)" }
        return Response(
            status: status,
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: refusal.serialized()))
        )
    }
}
