// The real-process test: `phantom stress` snapshots a mutating heap on a file image
// and is killed with SIGKILL at random moments, ≥ 50 times. Every restart must recover
// a snapshot whose commit had started, equal to the space at its cut, with verify() clean.
import Foundation
import Testing
import PhantomCore

/// The `phantom` executable built beside this test bundle.
func phantomExecutable() throws -> URL {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = directory.appendingPathComponent("phantom")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "phantom next to \(CommandLine.arguments[0])"])
}

/// Runs `phantom` with `arguments` (in `directory`, if given), its stdout (and, if given,
/// stderr) into files; returns the process.
func launchPhantom(_ arguments: [String], output: URL, errors: URL? = nil, directory: URL? = nil) throws -> Process {
    let process = Process()
    process.executableURL = try phantomExecutable()
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: output)
    if let errors {
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
    } else {
        process.standardError = FileHandle.nullDevice
    }
    try process.run()
    return process
}

/// Runs `phantom` in `directory` with stdout and stderr into one file, so that their
/// order is kept, and stdin from `input` (or nothing); returns the process.
func launchPhantomLogged(_ arguments: [String], log: URL, in directory: URL, input: Pipe? = nil) throws -> Process {
    let process = Process()
    process.executableURL = try phantomExecutable()
    process.arguments = arguments
    process.currentDirectoryURL = directory
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    if let input { process.standardInput = input } else { process.standardInput = FileHandle.nullDevice }
    try process.run()
    return process
}

/// The lines of a log file so far.
func logLines(_ log: URL) -> [String] {
    ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
}

@Suite(.serialized) struct KillTests {
    @Test func sigkillAtRandomMomentsNeverLosesACommittedSnapshot() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-kill-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("stress.img").path
        let log = directory.appendingPathComponent("out.txt")
        var random = SeededRandom(seed: UInt64(getpid()))
        var cutDigests: [UInt64: UInt64] = [:]
        var lastCommitted: UInt64 = 0
        var lastCut: UInt64 = 0
        var kills = 0
        var recoveries = 0
        var creations = 0
        var verified = 0
        var killedMidSnapshot = 0
        for round in 0..<55 {
            let process = try launchPhantom(["stress", "--image", image, "--seed", "\(round + 1)", "--steps", "500"], output: log)
            // Wait until it has recovered (or created) the world, so that every round
            // checks a recovery however loaded the machine is; then kill at random.
            let deadline = Date().addingTimeInterval(30)
            func opened() -> Bool {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                return text.contains("verify") || text.contains("created")
            }
            while Date() < deadline, process.isRunning, round > 0, !opened() { usleep(1000) }
            usleep(UInt32(random.below(250_000)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "round \(round): phantom exited by itself (\(process.terminationStatus))")
            kills += 1
            let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
            var sawCut = false
            for line in lines {
                let words = line.split(separator: " ").map(String.init)
                switch words.first {
                case "recovered":
                    let generation = UInt64(words[1])!
                    let digest = UInt64(words[2])!
                    recoveries += 1
                    #expect(generation >= lastCommitted, "round \(round): recovered \(generation), but \(lastCommitted) was committed")
                    #expect(generation <= lastCut, "round \(round): recovered \(generation), newer than any cut")
                    #expect(cutDigests[generation] == digest, "round \(round): generation \(generation) differs from its cut")
                    lastCommitted = generation
                    lastCut = generation
                case "verify":
                    #expect(line == "verify ok", "round \(round): \(line)")
                    verified += 1
                case "cut":
                    cutDigests[UInt64(words[1])!] = UInt64(words[2])!
                    lastCut = UInt64(words[1])!
                    sawCut = true
                case "committed":
                    lastCommitted = UInt64(words[1])!
                    sawCut = false
                case "created":
                    // Again only if every earlier round died before its first commit.
                    #expect(round == 0 || lastCommitted == 0, "round \(round): the image was created again")
                    creations += 1
                default:
                    Issue.record("round \(round): unexpected output \(line)")
                }
            }
            if sawCut { killedMidSnapshot += 1 }
        }
        #expect(kills >= 50)
        // Every round after the first recovers, unless no snapshot had committed yet (a
        // loaded machine can be that slow in the first round), when it creates anew.
        #expect(recoveries + creations >= 55)
        #expect(verified == recoveries)
        #expect(killedMidSnapshot > 0)
        // After the last kill the image still checks clean.
        let fsck = try launchPhantom(["fsck", image], output: log)
        fsck.waitUntilExit()
        let report = try String(contentsOf: log, encoding: .utf8)
        #expect(fsck.terminationStatus == 0, "fsck: \(report)")
        #expect(report.hasSuffix("ok\n"))
        print("kill test: \(kills) kills, \(recoveries) recoveries, \(killedMidSnapshot) during a snapshot, last generation \(lastCommitted)")
    }
}
