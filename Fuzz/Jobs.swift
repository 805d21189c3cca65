// Jobs.swift — the forked jobs of the long campaigns, `phantom-fuzz vm` (VMCampaign.swift)
// and `phantom-fuzz compiler` (CompilerCampaign.swift), and the parent's watch over them.
// What a case is, how it replays and what the summary says stay in each campaign's file;
// this file only runs the jobs and notices when one goes wrong. See Docs/Fuzzing.md.
//
// Why processes and not threads: a trap or a wild pointer in the code under test must not
// take the campaign down, and the case that caused it must still be known. So:
//
//   1. Job j runs blocks j, j + J, j + 2J, … of `blockSize` cases. Blocks, not single
//      cases: the compiler's kind of case follows the index, so every job gets every
//      kind, and the VM's cases share one world per block.
//   2. Before each case a job writes the case's index into a page shared with the parent
//      (`JobContext.starting`), and -1 once it is done. The parent fills in each job's
//      first case before the fork, so a job that dies before its first case names it.
//   3. A job that finishes writes its tally as one line into a pipe and exits 0. A job
//      that finds a violation prints it itself and exits 1; the parent only counts it.
//   4. The parent polls every 0.1 s with `waitpid(WNOHANG)`. A job killed by a signal is
//      a crash, reported with the index in its shared slot. A job whose index has not
//      moved for `hangSeconds` is a hang: reported, then killed (and its SIGKILL is not
//      reported again as a crash).

import Glibc

/// The counts a job sends home. They add up across jobs, and they travel as one line of
/// text because a pipe between processes carries bytes, not values.
protocol JobTally {
    /// No cases yet.
    init()
    /// The tally `line` encoded, or nil when the line is not one.
    init?(line: String)
    /// The tally as one line, without the newline.
    var line: String { get }
    /// Adds another job's counts to these.
    mutating func add(_ other: Self)
    /// How many cases these counts cover.
    var cases: Int { get }
}

/// What a job knows of the watch: which job it is, which cases are its own, and where it
/// says which case it is running.
struct JobContext {
    /// j, from 0.
    let number: Int
    /// J, the number of jobs.
    let count: Int
    /// Cases per block.
    let blockSize: Int
    /// This job's slot of the shared page.
    fileprivate let current: UnsafeMutablePointer<Int>

    /// Names the case about to run: the one the parent reports if this job crashes or hangs.
    func starting(_ index: Int) { current.pointee = index }

    /// This job's blocks of the cases below `cases`, each with its number.
    func blocks(below cases: Int) -> some Sequence<(block: Int, cases: Range<Int>)> {
        let blocks = (cases + blockSize - 1) / blockSize
        return stride(from: number, to: blocks, by: count).lazy.map { block in
            (block, block * blockSize..<min(cases, (block + 1) * blockSize))
        }
    }
}

/// J forked jobs that each return a `Tally`, and the parent that watches them (see the
/// file comment). One runner for every campaign, so that crashes and hangs are caught
/// the same way everywhere; each campaign says in `announce` how it reports one.
enum ForkedJobs<Tally: JobTally> {
    /// How a job ended without reporting it itself.
    enum Trouble {
        /// Killed by a signal: a host crash or a trap.
        case crash(signal: Int32)
        /// Still on one case after `seconds` (`hangSeconds`); the parent kills it.
        case hang(seconds: Int)
    }

    /// How long one case may run before its job counts as hung: far beyond any case the
    /// campaigns generate (they take micro- to milliseconds), so only a real hang gets there.
    static var hangSeconds: Int { 60 }

    /// What the jobs did together, and the campaign's exit status.
    struct Outcome {
        /// The sum of the tallies that came back.
        let total: Tally
        /// Whether any job crashed, hung, exited non-zero (a violation it reported) or
        /// sent no tally.
        let failed: Bool
        /// From the first fork to the last job's end.
        let seconds: Double

        /// Prints the summary's last line and exits: 1 if any job failed, else 0.
        func finish() -> Never {
            print("  total: \(total.cases) cases, \(Util.fixed(seconds)) s, "
                + "\(seconds > 0 ? Int(Double(total.cases) / seconds) : 0) cases/s, "
                + (failed ? "FAILED (see above)" : "no violations, no crashes"))
            fflush(nil)
            exit(failed ? 1 : 0)
        }
    }

    /// The parent's view of one job.
    private struct Child {
        let pid: pid_t
        /// The read end of the job's tally pipe.
        let pipe: Int32
        var lastCase = -2
        var lastChange = Util.now()
        var hung = false
        var done = false
    }

    /// Forks `jobs` jobs, runs `body` in each, and watches them until all have ended.
    /// `announce(trouble, job, index)` prints a crash or a hang of case `index` (flushed
    /// after it).
    static func run(
        jobs: Int, blockSize: Int, body: (JobContext) -> Tally,
        announce: (_ trouble: Trouble, _ job: Int, _ index: Int) -> Void
    ) -> Outcome {
        let start = Util.now()
        let size = MemoryLayout<Int>.stride * jobs
        let shared = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)
        guard let shared, shared != MAP_FAILED else { Util.fail("mmap failed") }
        defer { munmap(shared, size) }
        let current = shared.bindMemory(to: Int.self, capacity: jobs)
        var children: [Child] = []
        for job in 0..<jobs {
            current[job] = job * blockSize
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { Util.fail("pipe failed") }
            // Or the job would print the parent's buffered output a second time.
            fflush(nil)
            let pid = fork()
            if pid == 0 {
                close(fds[0])
                let context = JobContext(number: job, count: jobs, blockSize: blockSize, current: current + job)
                let tally = body(context)
                context.starting(-1)
                let line = tally.line + "\n"
                _ = line.withCString { write(fds[1], $0, strlen($0)) }
                close(fds[1])
                fflush(nil)
                exit(0)
            }
            guard pid > 0 else { Util.fail("fork failed") }
            close(fds[1])
            children.append(Child(pid: pid, pipe: fds[0]))
        }

        var total = Tally()
        var failed = false
        func tell(_ trouble: Trouble, job: Int) {
            failed = true
            announce(trouble, job, current[job])
            fflush(nil)
        }
        while children.contains(where: { !$0.done }) {
            usleep(100_000)
            for job in children.indices where !children[job].done {
                let child = children[job]
                var status: Int32 = 0
                if waitpid(child.pid, &status, WNOHANG) == child.pid {
                    children[job].done = true
                    let signal = status & 0x7F
                    if child.hung {
                        failed = true  // announced when it was killed
                    } else if signal != 0 {
                        tell(.crash(signal: signal), job: job)
                    } else if (status >> 8) & 0xFF != 0 {
                        failed = true  // the job printed its violation
                    } else if let bytes = Util.readAll(child.pipe),
                        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first,
                        let tally = Tally(line: String(line))
                    {
                        total.add(tally)
                    } else {
                        print("job \(job) sent no tally")
                        failed = true
                    }
                    close(child.pipe)
                    fflush(nil)
                    continue
                }
                let now = Util.now()
                if current[job] != child.lastCase {
                    children[job].lastCase = current[job]
                    children[job].lastChange = now
                } else if !child.hung, now - child.lastChange > Double(hangSeconds) {
                    tell(.hang(seconds: hangSeconds), job: job)
                    children[job].hung = true
                    kill(child.pid, SIGKILL)
                }
            }
        }
        return Outcome(total: total, failed: failed, seconds: Util.now() - start)
    }
}
