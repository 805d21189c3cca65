// VMCampaign.swift — `phantom-fuzz vm`: the verifier and the interpreter together, at
// campaign scale. See Docs/Fuzzing.md.
//
//   phantom-fuzz vm [--cases N] [--seed S] [--jobs J] [--replay I] [--budget B]
//                   [--steps K] [--verify-every V]
//
// Case I draws its method from its own generator, seeded by (S, I), and runs in the
// world of its block of 32 cases (a fresh world per block: `.fuzz.base`, then cases
// `.fuzz.c0` … `.fuzz.c31`; odd blocks collect cycles often). The generator and the runner are the ones VMFuzzTests
// uses (`VMFuzzGenerator`, `VM.runFuzzCase` in Sources/PhantomCore/VerifiedWalk.swift).
//
// Jobs are forked processes; job j runs the blocks b with b % J == j. The parent
// watches them (`ForkedJobs`, Jobs.swift): a job killed by a signal (a host crash or
// trap) or stuck on one case is reported with the case it was running, so `--replay I`
// reruns that case's block in this process and shows the crash, the violation or the
// outcome.

import Glibc
import PhantomCore

/// A platform with nothing behind it: console output is counted, console input never
/// comes, the clock is a number that idling moves, files live in memory.
final class FuzzPlatform: Platform {
    var now: Int64 = 1_700_000_000_000
    var written = 0
    var files: [String: [UInt8]] = [:]

    func consoleWrite(_ bytes: [UInt8]) { written += bytes.count }
    func consoleRead(max: Int) -> [UInt8]? { [] }
    func wallClockMilliseconds() -> Int64 { now }
    func idle(until deadline: Int64?, console: Bool) {
        if let deadline, deadline > now { now = deadline }
    }
    func diagnostic(_ text: String) {}
    func fileRead(path: String, offset: Int, count: Int) -> Result<[UInt8], PlatformError> {
        guard let file = files[path] else { return .failure(PlatformError(errno: 2)) }
        guard offset >= 0, offset < file.count else { return .success([]) }
        return .success(Array(file[offset..<min(file.count, offset + max(count, 0))]))
    }
    func fileWrite(path: String, offset: Int, bytes: [UInt8]) -> Result<Int, PlatformError> {
        guard offset >= 0, offset + bytes.count <= 1 << 20 else { return .failure(PlatformError(errno: 27)) }
        var file = files[path] ?? []
        if file.count < offset + bytes.count { file += [UInt8](repeating: 0, count: offset + bytes.count - file.count) }
        file.replaceSubrange(offset..<offset + bytes.count, with: bytes)
        files[path] = file
        return .success(bytes.count)
    }
}

/// Counts of a run of cases; sent from a job to the parent as one line of numbers.
struct VMTally: JobTally {
    var outcomes = [Int](repeating: 0, count: VMFuzzOutcome.allCases.count)
    var generated = [Int](repeating: 0, count: VMFuzzKind.allCases.count)
    var accepted = [Int](repeating: 0, count: VMFuzzKind.allCases.count)
    var slices = 0
    var threadsEnded = 0
    var verifies = 0

    var cases: Int { outcomes.reduce(0, +) }

    mutating func add(_ input: VMFuzzInput, _ result: VMFuzzResult, verified: Bool) {
        outcomes[result.outcome.rawValue] += 1
        generated[input.kind.rawValue] += 1
        if result.outcome != .rejected { accepted[input.kind.rawValue] += 1 }
        slices += result.slices
        threadsEnded += result.threadsEnded
        if verified && result.outcome != .rejected { verifies += 1 }
    }

    mutating func add(_ other: VMTally) {
        for i in outcomes.indices { outcomes[i] += other.outcomes[i] }
        for i in generated.indices {
            generated[i] += other.generated[i]
            accepted[i] += other.accepted[i]
        }
        slices += other.slices
        threadsEnded += other.threadsEnded
        verifies += other.verifies
    }

    var line: String { (outcomes + generated + accepted + [slices, threadsEnded, verifies]).map(String.init).joined(separator: " ") }

    init() {}

    init?(line: String) {
        let numbers = line.split(separator: " ").compactMap { Int($0) }
        let o = outcomes.count, k = generated.count
        guard numbers.count == o + 2 * k + 3 else { return nil }
        outcomes = Array(numbers[0..<o])
        generated = Array(numbers[o..<o + k])
        accepted = Array(numbers[o + k..<o + 2 * k])
        slices = numbers[o + 2 * k]
        threadsEnded = numbers[o + 2 * k + 1]
        verifies = numbers[o + 2 * k + 2]
    }

    func report(indent: String) -> String {
        indent + "outcomes: " + VMFuzzOutcome.allCases.map { "\($0.name) \(outcomes[$0.rawValue])" }.joined(separator: ", ")
            + "\n" + indent + "accepted by kind: "
            + VMFuzzKind.allCases.map { "\($0.name) \(accepted[$0.rawValue])/\(generated[$0.rawValue])" }
            .joined(separator: ", ")
            + "\n" + indent + "\(slices) slices run, \(threadsEnded) threads ended by the harness, "
            + "\(verifies) verify() passes"
    }
}

/// The command line of `phantom-fuzz vm`.
struct VMOptions {
    var cases = 10_000_000
    var seed: UInt64 = 20_261_126
    var jobs = 1
    var replay: Int?
    var limits = VMFuzzLimits()
    var verifyEvery = 1

    static func parse(_ arguments: [String]) -> VMOptions {
        var o = VMOptions()
        var a = Arguments(arguments, from: 2, usage: usage)
        while let flag = a.flag() {
            switch flag {
            case "--cases", "-n", "--iterations": o.cases = a.number("--cases", min: 1)
            case "--seed", "-s": o.seed = a.seed()
            case "--jobs", "-j": o.jobs = a.number("--jobs", min: 1)
            case "--replay": o.replay = a.number("--replay", min: 0)
            case "--budget": o.limits.sliceBudget = a.number("--budget", min: 1)
            case "--steps": o.limits.maxSteps = a.number("--steps", min: 1)
            case "--verify-every": o.verifyEvery = a.number("--verify-every", min: 0)
            case "--help", "-h": usage(nil)
            default: usage("unknown argument \(flag)")
            }
        }
        return o
    }

    static func usage(_ problem: String?) -> Never {
        if let problem { print("phantom-fuzz vm: \(problem)") }
        print("""
            usage: phantom-fuzz vm [--cases N] [--seed S] [--jobs J] [--replay I] [--budget B] [--steps K]
                                   [--verify-every V]
              N  cases (default 10000000): generate, install (verify), run, check the space
              S  seed (decimal or 0x hex, default 20261126)
              J  forked worker processes (default 1); a crash or a hang names its case
              I  rerun case I (its world from the start of its block of 32 cases) here, verbosely
              B  the slice budget (default 64); K scheduler steps per case (default 24)
              V  verify() the space after every V-th accepted case (default 1; 0 never)
            """)
        exit(problem == nil ? 0 : 2)
    }
}

/// The driver: checks the corpus, forks the jobs, watches them and sums their tallies.
enum VMCampaign {
    static let blockSize = 32
    static let pages = 1024

    static let generator: VMFuzzGenerator = {
        do { return try VMFuzzGenerator() } catch { Util.fail("the VM fuzz corpus does not assemble: \(error)") }
    }()

    static func input(seed: UInt64, index: Int) -> VMFuzzInput {
        var r = SeededRandom(seed: seed ^ 0x564D_5F46_555A_5A00 ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        return generator.generate(&r)
    }

    /// A fresh world; `collectOften` makes the cycle collector run after a few dozen
    /// releases (odd blocks), in the middle of slices, natives and unwinding.
    static func makeWorld(collectOften: Bool = false) -> VM<FuzzPlatform> {
        do {
            let heap = try Heap(formatting: Space(capacityPages: pages))
            if collectOften { heap.cycleCollectionThreshold = VMFuzzLimits.frequentCollection }
            let vm = try VM(heap: heap, platform: FuzzPlatform())
            try vm.installFuzzBase(generator)
            return vm
        } catch {
            Util.fail("cannot make a fuzz world: \(error)")
        }
    }

    /// Runs this job's blocks of the cases below `o.cases`, each in a fresh world.
    /// Returns the tally, or exits 1 on a violation.
    static func runJob(_ o: VMOptions, job: JobContext) -> VMTally {
        var tally = VMTally()
        let start = Util.now()
        let progressEvery = max(1, 1_000_000 / o.jobs)
        var accepted = 0
        for (block, cases) in job.blocks(below: o.cases) {
            let vm = makeWorld(collectOften: block % 2 == 1)
            for index in cases {
                job.starting(index)
                let input = input(seed: o.seed, index: index)
                var limits = o.limits
                limits.verify = o.verifyEvery > 0 && accepted % o.verifyEvery == 0
                let result = vm.runFuzzCase(input, name: ".fuzz.c\(index % blockSize)", generator: generator, limits: limits)
                if result.outcome != .rejected { accepted += 1 }
                if let violation = result.violation {
                    report(violation, input: input, seed: o.seed, index: index)
                    exit(1)
                }
                tally.add(input, result, verified: limits.verify)
                if tally.cases % progressEvery == 0 {
                    let elapsed = Util.now() - start
                    print("  [job \(job.number)] \(tally.cases) cases, \(Util.fixed(elapsed)) s, "
                        + "\(Int(Double(tally.cases) / elapsed)) cases/s")
                    fflush(nil)
                }
            }
        }
        return tally
    }

    static func report(_ violation: String, input: VMFuzzInput, seed: UInt64, index: Int) {
        print("VIOLATION vm seed=\(seed) case=\(index) (\(input.kind.name), argument \(input.argument))")
        print("  \(violation)")
        describe(input)
        print("  replay: phantom-fuzz vm --seed \(seed) --replay \(index)")
        fflush(nil)
    }

    static func describe(_ input: VMFuzzInput) {
        print("  code (\(input.code.count) bytes): \(Util.hex(input.code))")
        if let listing = try? Disassembler.listing(input.code) {
            print("  listing:")
            for line in listing.split(separator: "\n") { print("    \(line)") }
        }
    }

    /// Reruns case `index` after the cases before it in its block, in this process.
    static func replay(_ o: VMOptions, index: Int) -> Never {
        let first = index - index % blockSize
        let vm = makeWorld(collectOften: (index / blockSize) % 2 == 1)
        for i in first...index {
            let input = input(seed: o.seed, index: i)
            if i == index {
                print("case \(index) (\(input.kind.name), argument \(input.argument)), after cases \(first)..<\(index) of its block:")
                describe(input)
                fflush(nil)
            }
            let result = vm.runFuzzCase(input, name: ".fuzz.c\(i % blockSize)", generator: generator, limits: o.limits)
            if let violation = result.violation {
                report(violation, input: input, seed: o.seed, index: i)
                exit(1)
            }
            if i == index {
                print("  outcome: \(result.outcome.name), \(result.slices) slices, \(result.threadsEnded) threads ended")
                if !result.message.isEmpty { print("  message: \(result.message)") }
                print("  no violation")
            }
        }
        exit(0)
    }

    static func main(_ arguments: [String]) -> Never {
        let o = VMOptions.parse(arguments)
        // The corpus must itself be valid: every seed is accepted and runs cleanly.
        let check = makeWorld()
        for (k, code) in generator.seeds.enumerated() {
            let result = check.runFuzzCase(VMFuzzInput(code: code, kind: .mutatedSeed, argument: 0),
                                           name: ".fuzz.seed\(k)", generator: generator)
            guard result.outcome != .rejected, result.violation == nil else {
                Util.fail("corpus seed \(k) is not valid: \(result.message) \(result.violation ?? "")")
            }
        }
        if let index = o.replay { replay(o, index: index) }

        print("phantom-fuzz vm: seed \(o.seed), \(o.cases) cases, \(o.jobs) job(s), slice budget "
            + "\(o.limits.sliceBudget), \(o.limits.maxSteps) steps, verify every \(o.verifyEvery); "
            + "corpus \(generator.seeds.count) seeds")
        fflush(nil)
        let jobs = ForkedJobs<VMTally>.run(
            jobs: o.jobs, blockSize: blockSize, body: { runJob(o, job: $0) },
            announce: { trouble, job, index in
                switch trouble {
                case .crash(let signal): print("CRASH vm seed=\(o.seed) case=\(index): job \(job) killed by signal \(signal)")
                case .hang(let seconds):
                    print("HANG vm seed=\(o.seed) case=\(index): job \(job) ran it for \(seconds) s; killing the job")
                }
                describe(input(seed: o.seed, index: index))
                print("  replay: phantom-fuzz vm --seed \(o.seed) --replay \(index)")
            })
        print("summary (vm, seed \(o.seed)):")
        print(jobs.total.report(indent: "  "))
        jobs.finish()
    }
}
