// The `phantom` world end to end: Examples/counter.ph runs in a world that is killed
// with SIGKILL at random moments (many of them in the middle of a snapshot) and started
// again each time; the count never goes back past the last durable snapshot, never
// skips ahead, and reaches its end. SIGTERM loses nothing. fsck passes on every image.
import Foundation
import PhantomCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct WorldKillTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let counter = repository.appendingPathComponent("Examples/counter.ph").path

    func launch(_ arguments: [String], log: URL, in directory: URL) throws -> Process {
        try launchPhantomLogged(arguments, log: log, in: directory)
    }

    func lines(_ log: URL) -> [String] { logLines(log) }

    /// What one run of the world printed, in order.
    struct Run {
        /// Counts printed, in order.
        var counts: [Int] = []
        /// The count when the newest durable snapshot was cut (nil: none in this run).
        var durable: Int?
        /// A snapshot was cut and not yet durable when the output ended.
        var snapshotInFlight = false
        var finished = false

        init(_ lines: [String]) {
            var cutAt: [String: Int] = [:]
            var inFlight: Set<String> = []
            for line in lines {
                let words = line.split(separator: " ").map(String.init)
                if words.first == "count", words.count == 2, let n = Int(words[1]) {
                    counts.append(n)
                } else if words.first == "done" {
                    finished = true
                } else if line.hasPrefix("phantom: snapshot "), words.count >= 4 {
                    let generation = words[2]
                    if words[3] == "cut" {
                        cutAt[generation] = counts.last ?? durable ?? 0
                        inFlight.insert(generation)
                    } else if words[3] == "durable" {
                        durable = cutAt[generation] ?? durable
                        inFlight.remove(generation)
                    }
                } else if line.hasPrefix("phantom: final snapshot") {
                    durable = counts.last ?? durable
                }
            }
            snapshotInFlight = !inFlight.isEmpty
        }
    }

    @Test func sigkillAtRandomMomentsNeverLosesTheCount() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-world-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var random = SeededRandom(seed: UInt64(getpid()))
        var floor = 0  // the count in the newest durable snapshot so far
        var last = 0  // the last count printed so far
        var kills = 0
        var killsInSnapshot = 0
        var finished = false
        for attempt in 0..<60 where !finished {
            // Alternate continuous snapshots (kills land inside one) with 20 ms apart.
            let interval = attempt % 2 == 0 ? "0.001" : "0.02"
            let common = ["--image", "counter.img", "--until-idle", "--verbose", "--snapshot-interval", interval]
            let arguments = attempt == 0 ? ["run", Self.counter] + common : ["boot"] + common
            let log = directory.appendingPathComponent("run\(attempt).txt")
            let process = try launch(arguments, log: log, in: directory)
            let killing = kills < 22
            if killing {
                // Let it print at least one more count (or finish), then wait a random while.
                let deadline = Date().addingTimeInterval(20)
                while process.isRunning, Run(lines(log)).counts.isEmpty, Date() < deadline { usleep(2_000) }
                usleep(UInt32(random.below(250_000)))
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    kills += 1
                }
            }
            process.waitUntilExit()
            let run = Run(lines(log))
            if let first = run.counts.first {
                // Never back past the newest durable snapshot, never ahead of what ran.
                #expect(first >= floor + 1 && first <= last + 1, "run \(attempt): resumed at \(first), durable \(floor), last \(last)")
            }
            for (a, b) in zip(run.counts, run.counts.dropFirst()) {
                #expect(b == a + 1, "run \(attempt): \(a) then \(b)")
            }
            if killing && run.snapshotInFlight { killsInSnapshot += 1 }
            if let durable = run.durable { floor = max(floor, durable) }
            last = run.counts.last ?? last
            finished = run.finished
            if !killing {
                #expect(process.terminationReason == .exit && process.terminationStatus == 0)
            }
        }
        #expect(kills >= 20)
        #expect(killsInSnapshot >= 3, "only \(killsInSnapshot) of \(kills) kills landed in a snapshot")
        #expect(finished && last == 100)
        let fsck = try launch(["fsck", "counter.img"], log: directory.appendingPathComponent("fsck.txt"), in: directory)
        fsck.waitUntilExit()
        #expect(fsck.terminationStatus == 0)
        #expect(lines(directory.appendingPathComponent("fsck.txt")).last?.hasSuffix("ok") == true)
    }

    @Test func aRunningWorldIsLockedAndABadImageIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-lock-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let firstLog = directory.appendingPathComponent("first.txt")
        let first = try launch(["boot", "--image", "w.img"], log: firstLog, in: directory)
        let deadline = Date().addingTimeInterval(20)
        while first.isRunning, !lines(firstLog).contains(where: { $0.contains("created a new world") }), Date() < deadline {
            usleep(5_000)
        }
        let secondLog = directory.appendingPathComponent("second.txt")
        let second = try launch(["boot", "--image", "w.img"], log: secondLog, in: directory)
        second.waitUntilExit()
        #expect(second.terminationStatus != 0)
        #expect(lines(secondLog).contains("Error: w.img: a world is already running on this image (another phantom holds its lock)"))
        first.interrupt()  // SIGINT: a final snapshot and a clean exit
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(lines(firstLog).last == "phantom: stopped; the world is saved")
        try expectFsckOK("w.img", in: directory)

        try Data("not an image at all".utf8).write(to: directory.appendingPathComponent("bad.img"))
        let badLog = directory.appendingPathComponent("bad.txt")
        let bad = try launch(["boot", "--image", "bad.img"], log: badLog, in: directory)
        bad.waitUntilExit()
        #expect(bad.terminationStatus != 0)
        #expect(lines(badLog).first?.hasPrefix("Error: bad.img: not a Phantom image") == true, "\(lines(badLog))")
    }

    @Test func sigtermLosesNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-term-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let common = ["--image", "counter.img", "--until-idle", "--snapshot-interval", "10"]
        var last = 0
        for attempt in 0..<3 {
            let log = directory.appendingPathComponent("run\(attempt).txt")
            let arguments = attempt == 0 ? ["run", Self.counter] + common : ["boot"] + common
            let process = try launch(arguments, log: log, in: directory)
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning, Run(lines(log)).counts.count < 5, Date() < deadline { usleep(2_000) }
            process.terminate()  // SIGTERM
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus == 0)
            let run = Run(lines(log))
            // The final snapshot holds everything printed: the next run goes on from it.
            if attempt > 0 { #expect(run.counts.first == last + 1, "resumed at \(run.counts.first ?? -1) after \(last)") }
            last = run.counts.last ?? last
        }
        let fsck = try launch(["fsck", "counter.img"], log: directory.appendingPathComponent("fsck.txt"), in: directory)
        fsck.waitUntilExit()
        #expect(fsck.terminationStatus == 0)
        // inspect shows the counter's thread asleep in its loop, and the objects by class.
        let inspectLog = directory.appendingPathComponent("inspect.txt")
        let inspect = try launch(["inspect", "--image", "counter.img"], log: inspectLog, in: directory)
        inspect.waitUntilExit()
        #expect(inspect.terminationStatus == 0)
        let report = lines(inspectLog)
        #expect(report.first?.hasPrefix("image counter.img: snapshot ") == true, "\(report)")
        #expect(report.contains { $0.contains(": sleeping (wakes in ") && $0.contains("at .examples.counter.run (ordinal 8, line 21") }, "\(report)")
        #expect(report.contains { $0.hasSuffix("  .internal.code") })
    }
}
