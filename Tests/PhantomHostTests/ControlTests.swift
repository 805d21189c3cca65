// The control channel: while a world runs, other `phantom` invocations start programs
// in it (their output streamed back), snapshot it, ask its status, inspect it and stop
// it. Afterwards fsck finds the image whole, and names the block when one is damaged.
import Foundation
import PhantomCore
import PhantomHost
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs `phantom arguments` in `directory` to the end; its exit status, stdout and stderr.
func runPhantom(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String, errors: String) {
    let output = directory.appendingPathComponent("out-\(UUID().uuidString).txt")
    let errors = directory.appendingPathComponent("err-\(UUID().uuidString).txt")
    defer {
        try? FileManager.default.removeItem(at: output)
        try? FileManager.default.removeItem(at: errors)
    }
    let process = try launchPhantom(arguments, output: output, errors: errors, directory: directory)
    process.waitUntilExit()
    return (
        process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "",
        (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    )
}

/// XORs the byte at `offset` of the file at `path` with `mask` (deliberate damage).
func flipBits(in path: String, at offset: UInt64, mask: UInt8) throws {
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seek(toOffset: offset)
    guard let byte = try handle.read(upToCount: 1)?.first else { throw CocoaError(.fileReadCorruptFile) }
    try handle.seek(toOffset: offset)
    try handle.write(contentsOf: Data([byte ^ mask]))
}

/// `phantom fsck image` says ok.
func expectFsckOK(_ image: String, in directory: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let fsck = try runPhantom(["fsck", image], in: directory)
    #expect(fsck.status == 0, "fsck: \(fsck.output)", sourceLocation: sourceLocation)
    #expect(fsck.output.hasSuffix("\(image): ok\n"), "fsck: \(fsck.output)", sourceLocation: sourceLocation)
}

@Suite(.serialized) struct ControlTests {
    /// Counts to `limit` every 20 ms, printing each step.
    static func counter(_ name: String, limit: Int) -> String {
        """
        package .t;
        import .internal.connection;
        class \(name) {
            var count : int;
            void run(var boot) [8] {
                var timer : .internal.connection;
                timer = new .internal.connection();
                timer.connect("tmr:");
                count = 0;
                while (count < \(limit)) {
                    count = count + 1;
                    boot.16("\(name) ", count, "\\n");
                    timer.block(null, 20);
                }
                boot.16("\(name) done\\n");
            }
        };
        """
    }

    /// Greets, then prints its arguments (boot.26).
    static let greeter = """
        package .t;
        import .internal.boot;
        class greeter {
            void run(var boot : .internal.boot) [8] {
                var a : string [];
                var i : int;
                boot.16("hello from the world", "\\n");
                boot.16("second line", "\\n");
                a = boot.arguments();
                i = 0;
                while (i < a.size()) {
                    boot.16("argument ", i, ": ", a[i], "\\n");
                    i = i + 1;
                }
            }
        };
        """

    static let thrower = """
        package .t;
        class thrower {
            void run(var boot) [8] {
                boot.16("about to throw", "\\n");
                throw "trouble";
            }
        };
        """

    func makeDirectory(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Polls `condition` for up to 20 s.
    func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return false
    }

    @Test func runStatusSnapshotInspectAndStopTalkToTheRunningWorld() throws {
        let directory = try makeDirectory("control")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in [
            ("counter.ph", Self.counter("counter", limit: 100_000)), ("greeter.ph", Self.greeter), ("thrower.ph", Self.thrower),
        ] {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let image = ["--image", "w.img"]
        // Nothing runs yet: control commands say so, clearly.
        let none = try runPhantom(["snapshot"] + image, in: directory)
        #expect(none.status != 0)
        #expect(none.errors.contains("w.img: no world is running on this image"), "\(none.errors)")

        let worldLog = directory.appendingPathComponent("world.txt")
        let world = try launchPhantomLogged(["boot", "--env", "root.shell=", "--snapshot-interval", "5"] + image, log: worldLog, in: directory)
        defer { if world.isRunning { kill(world.processIdentifier, SIGKILL) } }
        // Once the world answers: a `run` before that would open the image itself (and
        // keep the world in the foreground, as `run` does when no world runs).
        #expect(eventually { (try? runPhantom(["status"] + image, in: directory))?.status == 0 })

        // run --detach: the program starts in the world; its output is the world's.
        let detached = try runPhantom(["run", "--detach", "counter.ph"] + image, in: directory)
        #expect(detached.status == 0, "\(detached.errors)")
        #expect(detached.errors.contains("started .t.counter as thread "), "\(detached.errors)")
        #expect(eventually { logLines(worldLog).contains("counter 3") })

        // run: the program's output comes back to this command, not to the world's console.
        let greeted = try runPhantom(["run", "greeter.ph", "one", "two words"] + image + ["--", "-x"], in: directory)
        #expect(greeted.status == 0, "\(greeted.errors)")
        #expect(greeted.output == "hello from the world\nsecond line\nargument 0: one\nargument 1: two words\nargument 2: -x\n")
        #expect(!logLines(worldLog).contains("hello from the world"))

        // An uncaught exception: the report comes back on stderr, the status is 1, and
        // the world goes on.
        let thrown = try runPhantom(["run", "thrower.ph"] + image, in: directory)
        #expect(thrown.status == 1)
        #expect(thrown.output == "about to throw\n")
        #expect(thrown.errors.contains("trouble"), "\(thrown.errors)")
        #expect(thrown.errors.contains("ended with an uncaught exception"), "\(thrown.errors)")

        // A changed program under a name the world already has is refused.
        try Self.greeter.replacingOccurrences(of: "second line", with: "changed")
            .write(to: directory.appendingPathComponent("greeter.ph"), atomically: true, encoding: .utf8)
        let changed = try runPhantom(["run", "greeter.ph"] + image, in: directory)
        #expect(changed.status != 0)
        #expect(changed.errors.contains("this world already has a different class .t.greeter"), "\(changed.errors)")

        // status: running, with the counter's thread.
        let status = try runPhantom(["status"] + image, in: directory)
        #expect(status.status == 0)
        #expect(status.output.hasPrefix("w.img: running (pid \(world.processIdentifier), up "), "\(status.output)")
        #expect(status.output.contains("threads: 1 ("), "\(status.output)")
        let statusGeneration = try #require(
            status.output.split(separator: "\n").first { $0.hasPrefix("snapshot ") }
                .flatMap { Int($0.split(separator: " ")[1]) })

        // snapshot: a new one, durable when the command returns (the interval is 5 s).
        let snapshot = try runPhantom(["snapshot"] + image, in: directory)
        #expect(snapshot.status == 0, "\(snapshot.errors)")
        let generation = try #require(Int(snapshot.output.split(separator: " ")[1]))
        #expect(generation > statusGeneration)

        // inspect a running world: the counter asleep in its loop.
        let inspect = try runPhantom(["inspect"] + image, in: directory)
        #expect(inspect.status == 0, "\(inspect.errors)")
        #expect(inspect.output.contains("at .t.counter.run (ordinal 8, line "), "\(inspect.output)")
        #expect(inspect.output.contains(".internal.code"))

        // A client that goes away leaves its program running; the output returns to the
        // world's console.
        try Self.counter("second", limit: 100_000).write(
            to: directory.appendingPathComponent("second.ph"), atomically: true, encoding: .utf8)
        let clientLog = directory.appendingPathComponent("client.txt")
        let client = try launchPhantom(["run", "second.ph"] + image, output: clientLog, directory: directory)
        #expect(eventually { logLines(clientLog).contains("second 3") })
        kill(client.processIdentifier, SIGKILL)
        client.waitUntilExit()
        #expect(eventually { logLines(worldLog).contains { $0.hasPrefix("second ") } })
        #expect(!logLines(worldLog).contains("second 1"))

        // stop: a final snapshot, the process exits cleanly, the socket goes.
        let stop = try runPhantom(["stop"] + image, in: directory)
        #expect(stop.status == 0, "\(stop.errors)")
        #expect(stop.output.hasPrefix("stopped; snapshot "))
        #expect(eventually { !world.isRunning })
        world.waitUntilExit()
        #expect(world.terminationReason == .exit && world.terminationStatus == 0)
        #expect(logLines(worldLog).last == "phantom: stopped; the world is saved")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("w.img.sock").path))
        let stopped = try runPhantom(["status"] + image, in: directory)
        #expect(stopped.status == 3)
        #expect(stopped.output.hasPrefix("w.img: not running; snapshot "), "\(stopped.output)")
        try expectFsckOK("w.img", in: directory)
    }

    @Test func aKilledWorldsSocketIsReplacedAndFsckNamesDamage() throws {
        let directory = try makeDirectory("control-kill")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.counter("counter", limit: 100_000).write(
            to: directory.appendingPathComponent("counter.ph"), atomically: true, encoding: .utf8)
        let image = ["--image", "k.img"]
        let firstLog = directory.appendingPathComponent("first.txt")
        let first = try launchPhantomLogged(["boot", "--env", "root.shell="] + image, log: firstLog, in: directory)
        #expect(eventually { (try? runPhantom(["status"] + image, in: directory))?.status == 0 })
        // A client follows the counter; the world dies under it.
        let clientOutput = directory.appendingPathComponent("client.txt")
        let clientErrors = directory.appendingPathComponent("client-errors.txt")
        let client = try launchPhantom(["run", "counter.ph"] + image, output: clientOutput, errors: clientErrors, directory: directory)
        #expect(eventually { logLines(clientOutput).contains("counter 5") })
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        client.waitUntilExit()
        #expect(client.terminationStatus == 1)
        #expect(logLines(clientErrors).contains { $0.contains("the world stopped before .t.counter ended") }, "\(logLines(clientErrors))")
        // The socket file is left behind, but nobody answers: not running.
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("k.img.sock").path))
        #expect(try runPhantom(["status"] + image, in: directory).status == 3)

        // The next world replaces the stale socket and resumes the counter.
        let secondLog = directory.appendingPathComponent("second.txt")
        let second = try launchPhantomLogged(["boot"] + image, log: secondLog, in: directory)
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        #expect(eventually { logLines(secondLog).contains { $0.hasPrefix("counter ") } })
        let status = try runPhantom(["status"] + image, in: directory)
        #expect(status.status == 0, "\(status.errors)")
        #expect(try runPhantom(["stop"] + image, in: directory).status == 0)
        second.waitUntilExit()
        try expectFsckOK("k.img", in: directory)

        // Damage one block the newest snapshot uses: fsck names it.
        let path = directory.appendingPathComponent("k.img").path
        let damaged: UInt64
        do {
            let store = try Store.open(try FileBlockDevice(path: path, create: false, readOnly: true))
            damaged = store.blockOf(page: 1)
        }
        try flipBits(in: path, at: damaged * UInt64(blockSize) + 200, mask: 0x04)
        let fsck = try runPhantom(["fsck", "k.img"], in: directory)
        #expect(fsck.status == 1)
        #expect(fsck.output.contains("in block \(damaged) fails its checksum"), "fsck said: \(fsck.output)")

        // A file that is no image: inspect and status say so, with the reason.
        try Data("no image here".utf8).write(to: directory.appendingPathComponent("bad.img"))
        for command in ["inspect", "status"] {
            let refused = try runPhantom([command, "--image", "bad.img"], in: directory)
            #expect(refused.status == 1)
            #expect(refused.errors.hasPrefix("Error: bad.img: not a Phantom image"), "\(command): \(refused.errors)")
        }
    }
}
