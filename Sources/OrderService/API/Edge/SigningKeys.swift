import Foundation
import JWTKit
import Logging

/// The keys bearer tokens may be signed with: an HS256 secret and the public keys of a JWKS file.
///
/// The JWKS file is rotated by replacing it: its modification time and size are looked at on each
/// request (at most once a second) and a changed file is read again, without a restart. A file that
/// no longer parses keeps the keys read before, and says so in the log, so a half-written file never
/// locks every client out.
actor SigningKeys {
    private let jwksPath: String?
    private let logger: Logger
    private var hmac: JWTKeyCollection?
    private var jwks: JWTKeyCollection?
    private var jwksStamp: FileStamp?
    private var lastLook: ContinuousClock.Instant?

    private let secret: String?
    /// The first load, shared: an actor lets a second request in while the first awaits, and that
    /// request must wait for the keys rather than find none.
    private var firstLoad: Task<Void, Never>?

    init(secret: String?, jwksPath: String?, logger: Logger) {
        self.secret = secret
        self.jwksPath = jwksPath
        self.logger = logger
    }

    /// The collection that holds keys of `alg`, the JWKS file re-read first if it changed. Keys are
    /// first read on the first request, so routes are set up without waiting for them.
    func collection(for alg: String) async -> JWTKeyCollection? {
        if firstLoad == nil {
            firstLoad = Task { await self.loadFirst() }
        }
        await firstLoad?.value
        if alg == "HS256" { return hmac }
        await reloadIfChanged(force: false)
        return jwks
    }

    private func loadFirst() async {
        if let secret {
            hmac = await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        }
        await reloadIfChanged(force: true)
    }

    private func reloadIfChanged(force: Bool) async {
        guard let jwksPath else { return }
        let now = ContinuousClock.now
        if !force, let lastLook, now - lastLook < .seconds(1) { return }
        lastLook = now
        let stamp = FileStamp(path: jwksPath)
        guard force || stamp != jwksStamp else { return }
        jwksStamp = stamp
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: jwksPath))
            let set = try JSONDecoder().decode(JWKS.self, from: data)
            jwks = try await JWTKeyCollection().add(jwks: set)
            logger.info("API signing keys loaded", metadata: ["file": "\(jwksPath)", "keys": "\(set.keys.count)"])
        } catch {
            logger.error(
                "API signing keys not loaded: the JWKS file cannot be read or does not parse; keys read before stay in use",
                metadata: ["file": "\(jwksPath)", "error": "\(error)"])
        }
    }
}

/// What tells a changed file from an unchanged one without reading it.
private struct FileStamp: Equatable {
    var modified: Date?
    var size: Int?

    init(path: String) {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        modified = attributes?[.modificationDate] as? Date
        size = (attributes?[.size] as? NSNumber)?.intValue
    }
}
