import Foundation

/// How a child is made to die with us even when we are killed with SIGKILL and cannot clean up:
/// util-linux `setpriv --pdeathsig` sets the kernel's parent-death signal in the child and then
/// executes the real program (no extra process stays in between). Where `setpriv` is missing (macOS,
/// minimal images) children start without it and only a clean stop ends them.
public enum ParentDeath {
    static let setprivCandidates = ["/usr/bin/setpriv", "/bin/setpriv"]

    /// `setpriv`, if this machine has one.
    static let setpriv: String? = {
        #if os(Linux)
        return setprivCandidates.first { FileManager.default.isExecutableFile(atPath: $0) }
        #else
        return nil
        #endif
    }()

    /// Whether children started from now on die with this process.
    public static var isAvailable: Bool { setpriv != nil }

    /// The command line that runs `executable` with `arguments` under a parent-death `signal`
    /// (`KILL`, `INT`, ...), switching to `user` first when given (the signal is set after the switch:
    /// the kernel clears it when credentials change). Without `setpriv` and without `user`, the command
    /// itself; with a user but no `setpriv`, `fallbackRunAs` is put in front.
    static func command(
        _ executable: String, _ arguments: [String], signal: String, user: String? = nil, fallbackRunAs: [String] = []
    ) -> (executable: String, arguments: [String]) {
        guard let setpriv else {
            guard user != nil, let runner = fallbackRunAs.first else { return (executable, arguments) }
            return (runner, Array(fallbackRunAs.dropFirst()) + [executable] + arguments)
        }
        var options: [String] = []
        if let user { options += ["--reuid=\(user)", "--regid=\(user)", "--init-groups"] }
        options += ["--pdeathsig", signal, "--"]
        return (setpriv, options + [executable] + arguments)
    }
}
