public import NIOSSL
public import WiredWebConfig

/// `--web-config FILE` (``WebConfigFile``, docs/serve.md, "TLS and basic auth"), with its TLS context built.
public struct WebConfig: Sendable {
    /// The certificate and key files, when TLS is on.
    public var certFile: String?
    public var keyFile: String?
    /// The server's TLS settings, built from those files (`nil`: plain HTTP).
    public var tls: TLSConfiguration?
    /// User names and their bcrypt hashes (empty: no authentication).
    public var users: [String: String] = [:]

    public init() {}

    /// The settings of a parsed file, without TLS context yet.
    init(_ file: WebConfigFile) {
        certFile = file.certFile
        keyFile = file.keyFile
        users = file.users
    }

    /// True when both TLS and basic auth are configured: only then is listening beyond loopback quiet.
    public var isProtected: Bool { tls != nil && !users.isEmpty }

    /// Reads, checks and loads the web config at `path` (and the TLS files it names).
    public static func load(_ path: String) throws(WebConfigError) -> WebConfig {
        let text = try FileText.contents(path, what: path, key: nil)
        var config = try parse(text, file: path)
        if let certFile = config.certFile, let keyFile = config.keyFile {
            config.tls = try tlsConfiguration(certFile: certFile, keyFile: keyFile, file: path)
        }
        return config
    }

    /// Parses the YAML `text` of the file `file` (reads no file; ``WebConfigFile/parse(_:file:)``).
    public static func parse(_ text: String, file: String) throws(WebConfigError) -> WebConfig {
        WebConfig(try WebConfigFile.parse(text, file: file))
    }
}

extension WebConfig {
    /// The server's TLS settings from PEM files, checked by building a context (the key must match the
    /// certificate) so a bad pair fails here, not at the first connection.
    static func tlsConfiguration(
        certFile: String,
        keyFile: String,
        file: String
    ) throws(WebConfigError) -> TLSConfiguration {
        let certText = try FileText.contents(certFile, what: file, key: "tls_server_config.cert_file")
        let keyText = try FileText.contents(keyFile, what: file, key: "tls_server_config.key_file")
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(certText.utf8))
        } catch {
            throw WebConfigError(
                file: file,
                key: "tls_server_config.cert_file",
                problem: "\(certFile): not a PEM certificate (\(error))"
            )
        }
        guard !chain.isEmpty else {
            throw WebConfigError(
                file: file,
                key: "tls_server_config.cert_file",
                problem: "\(certFile) holds no certificate"
            )
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: Array(keyText.utf8), format: .pem)
        } catch {
            throw WebConfigError(
                file: file,
                key: "tls_server_config.key_file",
                problem: "\(keyFile): not an unencrypted PEM private key (\(error))"
            )
        }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw WebConfigError(
                file: file,
                key: "tls_server_config",
                problem: "\(keyFile) and \(certFile) do not make a TLS context (\(error))"
            )
        }
        return configuration
    }
}
