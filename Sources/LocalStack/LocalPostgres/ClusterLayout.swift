import Foundation

/// The files of a local cluster and their ownership: as root, the server runs as `postgres`, so the
/// directories it writes to belong to that user; the password file stays readable by us only.
struct ClusterLayout {
    let root: URL
    let asRoot: Bool

    var data: URL { root.appendingPathComponent("data") }
    var passwordFile: URL { root.appendingPathComponent("password") }
    var hasCluster: Bool { FileManager.default.fileExists(atPath: data.appendingPathComponent("PG_VERSION").path) }

    func prepareDirectories() throws(LocalPostgresError) {
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: data.path)
            if asRoot {
                try FileManager.default.setAttributes([.ownerAccountName: LocalPostgres.user], ofItemAtPath: root.path)
                try FileManager.default.setAttributes([.ownerAccountName: LocalPostgres.user], ofItemAtPath: data.path)
            }
        } catch {
            throw .filesystem(path: root.path, problem: "cannot prepare the cluster directory: \(error.localizedDescription)")
        }
        if asRoot, let blocked = firstUntraversableAncestor() {
            throw .filesystem(path: blocked, problem: "the \(LocalPostgres.user) user cannot enter this directory; use a directory it can reach")
        }
    }

    /// An ancestor directory without search permission for others (the server user could not reach the cluster).
    private func firstUntraversableAncestor() -> String? {
        var directory = root.deletingLastPathComponent().standardizedFileURL
        while directory.path != "/" {
            if let attributes = try? FileManager.default.attributesOfItem(atPath: directory.path),
               let permissions = attributes[.posixPermissions] as? Int,
               permissions & 0o001 == 0 {
                return directory.path
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    func storedPassword() -> String? {
        guard let text = try? String(contentsOf: passwordFile, encoding: .utf8) else { return nil }
        let password = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return password.isEmpty ? nil : password
    }

    func createPassword() throws(LocalPostgresError) -> String {
        var generator = SystemRandomNumberGenerator()
        let password = (0..<24).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        do {
            try Data((password + "\n").utf8).write(to: passwordFile)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passwordFile.path)
        } catch {
            throw .filesystem(path: passwordFile.path, problem: "cannot write the password file: \(error.localizedDescription)")
        }
        return password
    }

    /// A file the server user must read (initdb's password file).
    func writeForServer(_ url: URL, contents: String) throws(LocalPostgresError) {
        do {
            try Data((contents + "\n").utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            if asRoot { try FileManager.default.setAttributes([.ownerAccountName: LocalPostgres.user], ofItemAtPath: url.path) }
        } catch {
            throw .filesystem(path: url.path, problem: "cannot write: \(error.localizedDescription)")
        }
    }
}
