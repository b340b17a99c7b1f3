import Crypto
public import Foundation
import NollyCrypto
public import NollyNode
import SwiftASN1
import X509

/// The certificate and private key a node serves HTTPS with: generated at first use
/// (ECDSA P-256, self-signed, in `tls/` of the data directory, key mode 0600), or the
/// files named by `--certificate`/`--private-key` (or `NOLLYCREW_TLS_CERT`/`NOLLYCREW_TLS_KEY`).
///
/// Peers do not trust it through a certificate authority: they pin its fingerprint,
/// SHA-256 of the certificate's DER SubjectPublicKeyInfo, which the invite token carries.
public struct TLSIdentity: Sendable {
    public let certificatePEM: String
    public let privateKeyPEM: String
    /// SHA-256 of the DER SubjectPublicKeyInfo.
    public let fingerprint: [UInt8]

    /// The fingerprint as curl's `--pinnedpubkey` spells it: `sha256//<base64>`.
    public var pin: String { "sha256//" + Data(fingerprint).base64EncodedString() }

    /// Files given in configuration, else the node's own, created when missing.
    public static func load(
        directory: DataDirectory,
        certificate: String? = nil,
        privateKey: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> TLSIdentity {
        let certificatePath = certificate ?? environment["NOLLYCREW_TLS_CERT"]
        let keyPath = privateKey ?? environment["NOLLYCREW_TLS_KEY"]
        switch (certificatePath, keyPath) {
        case (let certificatePath?, let keyPath?):
            return try TLSIdentity(
                certificatePEM: read(certificatePath, what: "certificate"),
                privateKeyPEM: read(keyPath, what: "private key")
            )
        case (nil, nil):
            let folder = directory.url.appendingPathComponent("tls")
            let certificateFile = folder.appendingPathComponent("certificate.pem")
            let keyFile = folder.appendingPathComponent("private-key.pem")
            if FileManager.default.fileExists(atPath: certificateFile.path) {
                return try TLSIdentity(
                    certificatePEM: read(certificateFile.path, what: "certificate"),
                    privateKeyPEM: read(keyFile.path, what: "private key")
                )
            }
            let created = try generate(commonName: "nollycrew node")
            try FileManager.default.createDirectory(
                at: folder,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            try write(created.privateKeyPEM, to: keyFile, mode: 0o600)
            try write(created.certificatePEM, to: certificateFile, mode: 0o644)
            return created
        default:
            throw NodeError(.invalidInput, "give both a TLS certificate and its private key, or neither")
        }
    }

    /// Parses PEM text, checking that the key belongs to the certificate.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        let certificate: Certificate
        let key: Certificate.PrivateKey
        do {
            certificate = try Certificate(pemEncoded: certificatePEM)
        } catch {
            throw NodeError(.invalidInput, "the TLS certificate is not a PEM X.509 certificate: \(error)")
        }
        do {
            key = try Certificate.PrivateKey(pemEncoded: privateKeyPEM)
        } catch {
            throw NodeError(
                .invalidInput,
                "the TLS private key is not a PEM private key (P-256, P-384, Ed25519 or RSA): \(error)"
            )
        }
        guard key.publicKey == certificate.publicKey else {
            throw NodeError(.invalidInput, "the TLS private key does not belong to the certificate")
        }
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        fingerprint = try Self.fingerprint(of: certificate.publicKey)
    }

    /// A new self-signed P-256 certificate valid for ten years, for localhost and 127.0.0.1.
    public static func generate(commonName: String, now: Date = Date()) throws -> TLSIdentity {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let name = try DistinguishedName {
            CommonName(commonName)
            OrganizationName("NollyCrew")
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(10 * 365 * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                SubjectAlternativeNames([
                    .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                ])
            },
            issuerPrivateKey: key
        )
        return try TLSIdentity(
            certificatePEM: certificate.serializeAsPEM().pemString,
            privateKeyPEM: key.serializeAsPEM().pemString
        )
    }

    static func fingerprint(of publicKey: Certificate.PublicKey) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(publicKey)
        return NollyCrypto.SHA256.hash(serializer.serializedBytes)
    }

    private static func read(_ path: String, what: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw NodeError(.fileUnavailable, "cannot read the TLS \(what) at \(path): \(error.localizedDescription)")
        }
    }

    private static func write(_ text: String, to url: URL, mode: Int) throws {
        guard
            FileManager.default.createFile(
                atPath: url.path,
                contents: Data(text.utf8),
                attributes: [.posixPermissions: mode]
            )
        else { throw NodeError(.fileUnavailable, "cannot write \(url.path)") }
    }
}
