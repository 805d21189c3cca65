// CompilerCampaign.swift — `phantom-fuzz compiler`: the Phantom language compiler
// against random, mutated and generated sources, at campaign scale, and optionally the
// interpreter on what compiles. See Docs/Fuzzing.md.
//
//   phantom-fuzz compiler [--cases N] [--seed S] [--jobs J] [--replay I] [--run]
//                         [--sources DIR]… [--budget B] [--slices K] [--pages P]
//
// Case I draws its source from its own generator, seeded by (S, I); its kind follows
// I % 4 (token soup, two mutations, a generated program). The generators and the check
// are the ones FrontEndFuzzTests uses (`SourceFuzzer`, Sources/PhantomCompiler/
// SourceFuzzer.swift). Mutations start from SourceFuzzer's own program and every `.ph`
// under the --sources directories (by default the fixtures and Library/, relative to
// the current directory), read once, sorted by path: the seed list is part of a replay.
//
// With --run, an accepted source whose last class has a method 8 is also run, in a
// fresh world of its own: every compiled class is installed (the VM's loader must take
// what the compiler produced), an instance of the last class is made without a
// constructor and a thread runs its method 8 with the boot object, for at most K
// scheduler steps of slice budget B; then `Heap.verify` must find nothing.
//
// Jobs are forked processes; job j runs the blocks of 64 cases whose number is j modulo
// J (blocks, not single cases, so that every job gets every kind). The parent watches
// them (`ForkedJobs`, Jobs.swift): a job killed by a signal (a host crash or trap) or
// stuck on one case is reported with the case it was running, and `--replay I` reruns
// that case in this process.

import Glibc
import PhantomCompiler
import PhantomCore

/// How a run of an accepted program ended (with --run).
enum CompilerRunOutcome: Int, CaseIterable {
    /// The last class has no method 8 taking one argument.
    case notRunnable
    /// Every thread ended, none with an uncaught exception.
    case finished
    /// A thread ended with an uncaught exception.
    case uncaught
    /// Still running (or waiting for console input) at the step limit.
    case cutOff

    var name: String {
        switch self {
        case .notRunnable: "no method 8"
        case .finished: "finished"
        case .uncaught: "uncaught"
        case .cutOff: "cut off"
        }
    }
}

/// Counts of a run of cases; sent from a job to the parent as one line of numbers.
struct CompilerTally: JobTally {
    var generated = [Int](repeating: 0, count: SourceFuzzer.Kind.allCases.count)
    var accepted = [Int](repeating: 0, count: SourceFuzzer.Kind.allCases.count)
    var runs = [Int](repeating: 0, count: CompilerRunOutcome.allCases.count)
    var errors = 0
    var verifies = 0
    /// Time spent compiling and checking (by kind), and running (worlds, runs, verify), in µs.
    var compileMicros = [Int](repeating: 0, count: SourceFuzzer.Kind.allCases.count)
    var runMicros = 0

    var cases: Int { generated.reduce(0, +) }
    var acceptedTotal: Int { accepted.reduce(0, +) }

    mutating func add(_ other: CompilerTally) {
        for i in generated.indices {
            generated[i] += other.generated[i]
            accepted[i] += other.accepted[i]
            compileMicros[i] += other.compileMicros[i]
        }
        for i in runs.indices { runs[i] += other.runs[i] }
        errors += other.errors
        verifies += other.verifies
        runMicros += other.runMicros
    }

    var line: String {
        (generated + accepted + compileMicros + runs + [errors, verifies, runMicros]).map(String.init)
            .joined(separator: " ")
    }

    init() {}

    init?(line: String) {
        let numbers = line.split(separator: " ").compactMap { Int($0) }
        let k = generated.count, r = runs.count
        guard numbers.count == 3 * k + r + 3 else { return nil }
        generated = Array(numbers[0..<k])
        accepted = Array(numbers[k..<2 * k])
        compileMicros = Array(numbers[2 * k..<3 * k])
        runs = Array(numbers[3 * k..<3 * k + r])
        errors = numbers[3 * k + r]
        verifies = numbers[3 * k + r + 1]
        runMicros = numbers[3 * k + r + 2]
    }

    func report(indent: String, run: Bool) -> String {
        let rejected = cases - acceptedTotal
        var text = indent + "outcomes: rejected \(rejected) (\(errors) errors), accepted \(acceptedTotal)\n"
        text += indent + "accepted by kind: "
            + SourceFuzzer.Kind.allCases.map { "\($0.name) \(accepted[$0.rawValue])/\(generated[$0.rawValue])" }
            .joined(separator: ", ") + "\n"
        if run {
            text += indent + "runs: "
                + CompilerRunOutcome.allCases.map { "\($0.name) \(runs[$0.rawValue])" }.joined(separator: ", ")
                + "; \(verifies) verify() passes\n"
        }
        let compile = Double(compileMicros.reduce(0, +)) / 1e6, running = Double(runMicros) / 1e6
        text += indent + "time in jobs: compile and check \(Util.fixed(compile)) s"
            + " (\(compile > 0 ? Int(Double(cases) / compile) : 0) cases/s per job: "
            + SourceFuzzer.Kind.allCases.map { kind in
                let seconds = Double(compileMicros[kind.rawValue]) / 1e6
                return "\(kind.name) \(seconds > 0 ? Int(Double(generated[kind.rawValue]) / seconds) : 0)"
            }.joined(separator: ", ") + ")"
        if run {
            let started = runs.reduce(0, +) - runs[CompilerRunOutcome.notRunnable.rawValue]
            text += ", run and verify \(Util.fixed(running)) s (\(running > 0 ? Int(Double(started) / running) : 0) runs/s)"
        }
        return text
    }
}

/// The command line of `phantom-fuzz compiler`.
struct CompilerOptions {
    var cases = 10_000_000
    var seed: UInt64 = 20_261_126
    var jobs = 1
    var replay: Int?
    var run = false
    var sources: [String] = []
    var budget = 1000
    var slices = 32
    var pages = 1024

    static let defaultSources = ["Tests/PhantomCompilerTests/Fixtures", "Library"]

    static func parse(_ arguments: [String]) -> CompilerOptions {
        var o = CompilerOptions()
        var a = Arguments(arguments, from: 2, usage: usage)
        while let flag = a.flag() {
            switch flag {
            case "--cases", "-n", "--iterations": o.cases = a.number("--cases", min: 1)
            case "--seed", "-s": o.seed = a.seed()
            case "--jobs", "-j": o.jobs = a.number("--jobs", min: 1)
            case "--replay": o.replay = a.number("--replay", min: 0)
            case "--run": o.run = true
            case "--sources": o.sources.append(a.value())
            case "--budget": o.budget = a.number("--budget", min: 1)
            case "--slices": o.slices = a.number("--slices", min: 1)
            case "--pages": o.pages = a.number("--pages", min: 64)
            case "--help", "-h": usage(nil)
            default: usage("unknown argument \(flag)")
            }
        }
        if o.sources.isEmpty { o.sources = defaultSources }
        return o
    }

    static func usage(_ problem: String?) -> Never {
        if let problem { print("phantom-fuzz compiler: \(problem)") }
        print("""
            usage: phantom-fuzz compiler [--cases N] [--seed S] [--jobs J] [--replay I] [--run]
                                         [--sources DIR]… [--budget B] [--slices K] [--pages P]
              N    cases (default 10000000): generate a source, compile it, check the outcome
              S    seed (decimal or 0x hex, default 20261126)
              J    forked worker processes (default 1); a crash or a hang names its case
              I    rerun case I here, verbosely (its source, diagnostics and run)
              --run  also run accepted programs whose last class has a method 8, each in a
                   fresh world, and verify() the space afterwards
              DIR  where the .ph sources to mutate are (repeatable; default
                   Tests/PhantomCompilerTests/Fixtures and Library, from the current directory)
              B    the slice budget of a run (default 1000); K scheduler steps (default 32)
              P    pages of a run's world (default 1024)
            """)
        exit(problem == nil ? 0 : 2)
    }
}

/// The driver: reads the sources, forks the jobs, watches them and sums their tallies.
enum CompilerCampaign {
    static let blockSize = 64

    /// Every `.ph` under `directory`, recursively, as (path, bytes), sorted by path.
    static func sources(under directory: String) -> [(path: String, bytes: [UInt8])] {
        guard let dir = opendir(directory) else { return [] }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        closedir(dir)
        var found: [(path: String, bytes: [UInt8])] = []
        for name in names.sorted() {
            let path = directory + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                found += sources(under: path)
            } else if name.hasSuffix(".ph"), let bytes = Util.readFile(path) {
                found.append((path, bytes))
            }
        }
        return found
    }

    static func input(seed: UInt64, index: Int, seeds: [[UInt8]]) -> (SourceFuzzer.Kind, [UInt8]) {
        var r = SeededRandom(seed: seed ^ 0x5048_434F_4D50_0000 ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        let kind = SourceFuzzer.kind(ofCase: index)
        return (kind, SourceFuzzer.input(kind, &r, seeds: seeds))
    }

    // MARK: - Running what compiles

    /// What one run did; `violation` is a broken promise.
    struct RunResult {
        var outcome: CompilerRunOutcome
        var violation: String?
        var detail = ""
    }

    /// Installs `classes` in a fresh world and runs the last class's method 8 (see the
    /// file comment); `verify()` afterwards.
    static func run(_ classes: [ClassFile], _ o: CompilerOptions) -> RunResult {
        guard let entry = classes.last,
            entry.signatures.contains(where: { $0.ordinal == 8 && $0.arguments.count == 1 }),
            entry.methods.contains(where: { $0.ordinal == 8 })
        else { return RunResult(outcome: .notRunnable) }
        let platform = FuzzPlatform()
        let vm: VM<FuzzPlatform>
        do {
            vm = try VM(heap: try Heap(formatting: Space(capacityPages: o.pages)), platform: platform)
        } catch {
            Util.fail("cannot make a world of \(o.pages) pages: \(error)")
        }
        vm.sliceBudget = o.budget
        let files = Dictionary(classes.map { ($0.name, $0.serialize()) }, uniquingKeysWith: { first, _ in first })
        vm.classProvider = { files[$0] }
        // The loader must take every class the compiler produced.
        var entryClass: Ref?
        for file in classes {
            do {
                guard let cls = try vm.findClass(file.name) else {
                    return RunResult(outcome: .notRunnable, violation: "the VM does not find compiled class \(file.name)")
                }
                if file.name == entry.name { entryClass = cls }
            } catch {
                return RunResult(outcome: .notRunnable, violation: "the VM refuses compiled class \(file.name): \(error)")
            }
        }
        guard let cls = entryClass else { return RunResult(outcome: .notRunnable, violation: "no entry class") }
        let thread: Ref
        do {
            let object = try vm.heap.allocate(slots: Int(entry.objectSlots), class: cls)
            defer { vm.heap.release(object) }
            thread = try vm.startThread(target: object, argument: vm.bootObject)
        } catch {
            return RunResult(outcome: .notRunnable, violation: "cannot start \(entry.name).8 in a fresh world: \(error)")
        }
        steps: for _ in 0..<o.slices {
            switch vm.runSlice() {
            case .ran: continue
            case .idle(let deadline, let console):
                // Sleeps end at once (the fake clock jumps); console input never comes.
                guard let deadline else { break steps }
                platform.idle(until: deadline, console: console)
            case .done: break steps
            }
        }
        var result = RunResult(outcome: .cutOff)
        if vm.threadEnded(thread) { result.outcome = vm.reports.isEmpty ? .finished : .uncaught }
        if let report = vm.reports.first { result.detail = report }
        // Compiled, verified code must never reach the interpreter's internal faults.
        for report in vm.reports where report.contains("reached the interpreter") || report.contains("sys executed outside") {
            result.violation = "the interpreter refused compiled code: \(report)"
        }
        let problems = vm.heap.verify(externalRefs: [thread])
        if !problems.isEmpty, result.violation == nil {
            result.violation = "verify() after the run: " + problems.prefix(5).joined(separator: "; ")
                + (problems.count > 5 ? "; … \(problems.count) problems" : "")
        }
        vm.heap.release(thread)
        return result
    }

    // MARK: - Jobs

    /// Runs this job's blocks of the cases below `o.cases`. Returns the tally, or exits 1
    /// on a violation.
    static func runJob(_ o: CompilerOptions, seeds: [[UInt8]], job: JobContext) -> CompilerTally {
        var tally = CompilerTally()
        let start = Util.now()
        let progressEvery = max(1, 1_000_000 / o.jobs)
        for (_, cases) in job.blocks(below: o.cases) {
            for index in cases {
                job.starting(index)
                runCase(index, o, seeds: seeds, tally: &tally)
                if tally.cases % progressEvery == 0 {
                    let elapsed = Util.now() - start
                    print("  [job \(job.number)] \(tally.cases) cases, \(tally.acceptedTotal) accepted, \(Util.fixed(elapsed)) s, "
                        + "\(Int(Double(tally.cases) / elapsed)) cases/s")
                    fflush(nil)
                }
            }
        }
        return tally
    }

    /// Generates, compiles, checks and (with --run) runs case `index`; exits 1 on a violation.
    static func runCase(_ index: Int, _ o: CompilerOptions, seeds: [[UInt8]], tally: inout CompilerTally) {
        let (kind, bytes) = input(seed: o.seed, index: index, seeds: seeds)
        tally.generated[kind.rawValue] += 1
        let t0 = Util.now()
        let outcome = SourceFuzzer.check(bytes)
        let t1 = Util.now()
        tally.compileMicros[kind.rawValue] += Int((t1 - t0) * 1e6)
        switch outcome {
        case .violation(let problem):
            report(problem, kind: kind, bytes: bytes, seed: o.seed, index: index, run: o.run)
            exit(1)
        case .rejected(let errors):
            tally.errors += errors
        case .accepted(let classes):
            tally.accepted[kind.rawValue] += 1
            guard o.run else { return }
            let result = run(classes, o)
            if let violation = result.violation {
                report(violation, kind: kind, bytes: bytes, seed: o.seed, index: index, run: o.run)
                exit(1)
            }
            tally.runs[result.outcome.rawValue] += 1
            if result.outcome != .notRunnable { tally.verifies += 1 }
            tally.runMicros += Int((Util.now() - t1) * 1e6)
        }
    }

    static func report(_ violation: String, kind: SourceFuzzer.Kind, bytes: [UInt8], seed: UInt64, index: Int, run: Bool) {
        print("VIOLATION compiler seed=\(seed) case=\(index) (\(kind.name))")
        print("  \(violation)")
        describe(bytes)
        print("  replay: phantom-fuzz compiler --seed \(seed)\(run ? " --run" : "") --replay \(index)")
        fflush(nil)
    }

    /// The source between cut marks, as text (and in hex when it is not plain text).
    static func describe(_ bytes: [UInt8]) {
        print("  source (\(bytes.count) bytes):")
        print("----8<----")
        print(String(decoding: bytes, as: UTF8.self))
        print("----8<----")
        if bytes.contains(where: { ($0 < 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D) || $0 >= 0x7F }) {
            print("  hex: \(Util.hex(bytes))")
        }
    }

    /// Reruns case `index` in this process and prints what happened.
    static func replay(_ o: CompilerOptions, seeds: [[UInt8]], index: Int) -> Never {
        let (kind, bytes) = input(seed: o.seed, index: index, seeds: seeds)
        print("case \(index) (\(kind.name)):")
        describe(bytes)
        fflush(nil)
        let result = PhantomCompiler.compile([SourceFile(path: "fuzz.ph", bytes: bytes)])
        for diagnostic in result.diagnostics.all.prefix(10) { print("  \(diagnostic.headline)") }
        switch SourceFuzzer.check(bytes) {
        case .violation(let problem):
            report(problem, kind: kind, bytes: bytes, seed: o.seed, index: index, run: o.run)
            exit(1)
        case .rejected(let errors):
            print("  rejected with \(errors) error(s), no violation")
        case .accepted(let classes):
            print("  accepted: " + classes.map(\.name).joined(separator: ", "))
            if o.run {
                let outcome = run(classes, o)
                if let violation = outcome.violation {
                    report(violation, kind: kind, bytes: bytes, seed: o.seed, index: index, run: o.run)
                    exit(1)
                }
                print("  run: \(outcome.outcome.name)")
                if !outcome.detail.isEmpty { print("  report: \(outcome.detail)") }
            }
            print("  no violation")
        }
        exit(0)
    }

    // MARK: - Driver

    static func main(_ arguments: [String]) -> Never {
        let o = CompilerOptions.parse(arguments)
        var files: [[UInt8]] = []
        for directory in o.sources {
            var info = stat()
            guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                CompilerOptions.usage("--sources \(directory): not a directory (run from the package root?)")
            }
            files += sources(under: directory).map(\.bytes)
        }
        let seeds = SourceFuzzer.seeds(adding: files)
        if let index = o.replay { replay(o, seeds: seeds, index: index) }

        print("phantom-fuzz compiler: seed \(o.seed), \(o.cases) cases, \(o.jobs) job(s), "
            + "\(seeds.count) sources to mutate (\(o.sources.joined(separator: ", ")) and the built-in program)"
            + (o.run ? "; running accepted programs: slice budget \(o.budget), \(o.slices) steps, \(o.pages) pages" : ""))
        fflush(nil)
        let jobs = ForkedJobs<CompilerTally>.run(
            jobs: o.jobs, blockSize: blockSize, body: { runJob(o, seeds: seeds, job: $0) },
            announce: { trouble, job, index in
                switch trouble {
                case .crash(let signal): print("CRASH (signal \(signal)) compiler seed=\(o.seed) case=\(index): job \(job)")
                case .hang(let seconds):
                    print("HANG (\(seconds) s on one case; killing the job) compiler seed=\(o.seed) case=\(index): job \(job)")
                }
                describe(input(seed: o.seed, index: index, seeds: seeds).1)
                print("  replay: phantom-fuzz compiler --seed \(o.seed)\(o.run ? " --run" : "") --replay \(index)")
            })
        print("summary (compiler, seed \(o.seed)\(o.run ? ", --run" : "")):")
        print(jobs.total.report(indent: "  ", run: o.run))
        jobs.finish()
    }
}
