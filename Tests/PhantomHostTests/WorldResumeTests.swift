// Threads that wait survive `kill -9` of the world: a sleep keeps its wall-clock
// deadline, a console read takes the input given to the next process, and a thread
// blocked on a mutex gets it when the holder (itself asleep) lets go. Program:
// Programs/resume.ph.
import Foundation
import PhantomCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct WorldResumeTests {
    static let program = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Programs/resume.ph").path

    func launch(_ arguments: [String], log: URL, in directory: URL, input: Pipe) throws -> Process {
        try launchPhantomLogged(arguments, log: log, in: directory, input: input)
    }

    func lines(_ log: URL) -> [String] { logLines(log) }

    /// Polls until `condition` holds for the log's lines (or 20 s pass); the time it held.
    @discardableResult
    func wait(for log: URL, _ condition: ([String]) -> Bool) -> Date? {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if condition(lines(log)) { return Date() }
            usleep(2_000)
        }
        return nil
    }

    /// commit() (boot.25): a step the program saw committed is never lost, even with no
    /// automatic snapshot in sight (the interval is 1000 s).
    @Test func committedWorkSurvivesSIGKILL() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-commit-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = URL(fileURLWithPath: Self.program).deletingLastPathComponent().appendingPathComponent("commit.ph").path
        let options = ["--image", "c.img", "--until-idle", "--snapshot-interval", "1000"]
        func committed(_ lines: [String]) -> [Int] {
            lines.compactMap { $0.hasPrefix("committed ") ? Int($0.dropFirst(10)) : nil }
        }
        let firstLog = directory.appendingPathComponent("first.txt")
        let first = try launch(["run", program, "--env", "root.shell="] + options, log: firstLog, in: directory, input: Pipe())
        try #require(wait(for: firstLog) { committed($0).count >= 20 } != nil)
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let last = try #require(committed(lines(firstLog)).last)
        try #require(last < 300, "the program finished before the kill")

        let secondLog = directory.appendingPathComponent("second.txt")
        let second = try launch(["boot"] + options, log: secondLog, in: directory, input: Pipe())
        second.waitUntilExit()
        let resumed = committed(lines(secondLog))
        #expect(second.terminationStatus == 0)
        // The first step printed after the restart is the last one committed before the
        // kill (printed again) or the one after it: nothing acknowledged was lost.
        let firstAfter = try #require(resumed.first)
        #expect(firstAfter == last || firstAfter == last + 1, "resumed at \(firstAfter) after \(last)")
        #expect(resumed.last == 300)
        try expectFsckOK("c.img", in: directory)
    }

    @Test func sleepConsoleReadAndMutexResumeAfterSIGKILL() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-resume-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let options = ["--image", "r.img", "--until-idle", "--verbose", "--snapshot-interval", "0.05"]

        // First life: all three threads start waiting; a snapshot after that is durable.
        let firstLog = directory.appendingPathComponent("first.txt")
        let firstInput = Pipe()
        let first = try launch(["run", Self.program, "--env", "root.shell="] + options, log: firstLog, in: directory, input: firstInput)
        let sleepingAt = try #require(wait(for: firstLog) { $0.contains("sleeping") })
        try #require(wait(for: firstLog) { lines in
            guard let waiting = lines.firstIndex(of: "waiting"), lines.contains("reading") else { return false }
            return lines[waiting...].contains { $0.hasPrefix("phantom: snapshot") && $0.contains("durable") }
        } != nil)
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let before = lines(firstLog)
        try #require(!before.contains("unlocking") && !before.contains("woke"), "too late to kill: \(before)")

        // Second life: nothing is repeated, the input is read, the mutex is handed over,
        // and the sleeper wakes at its first deadline, not 1.5 s after the restart.
        let secondLog = directory.appendingPathComponent("second.txt")
        let secondInput = Pipe()
        let second = try launch(["boot"] + options, log: secondLog, in: directory, input: secondInput)
        secondInput.fileHandleForWriting.write(Data("hello\n".utf8))
        try secondInput.fileHandleForWriting.close()
        let wokeAt = try #require(wait(for: secondLog) { $0.contains("woke") })
        second.waitUntilExit()
        let after = lines(secondLog)
        #expect(second.terminationStatus == 0)
        for line in ["read: hello", "unlocking", "got lock", "woke"] { #expect(after.contains(line), "\(after)") }
        for line in ["sleeping", "reading", "waiting"] { #expect(!after.contains(line), "\(line) repeated") }
        if let unlocking = after.firstIndex(of: "unlocking"), let got = after.firstIndex(of: "got lock") {
            #expect(unlocking < got)
        }
        let slept = wokeAt.timeIntervalSince(sleepingAt)
        #expect(slept >= 1.4 && slept < 1.85, "woke \(slept) s after falling asleep")
        try firstInput.fileHandleForWriting.close()
        try expectFsckOK("r.img", in: directory)
    }
}
