// CrashHarness.swift — runs a workload over many snapshot generations on the crash
// simulator, crashes it at every device operation, and checks each recovery
// (PhantomCore, test support; the device is CrashBlockDevice.swift).
//
// The promise checked (ARCHITECTURE §4): after any crash the image recovers to exactly
// the state of a snapshot whose commit had started — the newest one whose commit
// completed, or the one in flight — never a mix and never an older one; the workload's
// own checks (the heap's verify()) are clean; and the image goes on working: one more
// snapshot after recovery comes back intact too.

/// A workload the harness can crash: it sets up a space, mutates it, and checks one.
public protocol CrashWorkload {
    /// Prepares a new, empty space (for example, formats a heap in it).
    mutating func start(_ space: Space) throws(SpaceError)
    /// Attaches to a recovered space and returns what is wrong with it (empty = clean).
    mutating func attach(_ space: Space) -> [String]
    /// Changes the space; deterministic in `random`.
    mutating func mutate(_ space: Space, random: inout SeededRandom) throws(SpaceError)
}

/// What a workload run knew when the device died.
public struct CrashOutcome {
    /// Digest of the space at the cut of each generation.
    public var expected: [UInt64: UInt64] = [:]
    /// The newest generation whose commit returned.
    public var completed: UInt64 = 0
    /// The generation whose commit had been called when the device died, if any.
    public var committing: UInt64?
    /// Device operations issued.
    public var operations = 0
    /// Problems of the run itself (not crashes).
    public var problems: [String] = []
}

/// Crashes a workload at every device operation and checks every recovery.
public struct CrashHarness<Workload: CrashWorkload> {
    public let capacityPages: Int
    public let generations: Int
    /// Small batches make many device operations, so many crash points per snapshot.
    public let batchPages: Int
    private let makeWorkload: () -> Workload

    public init(capacityPages: Int, generations: Int, batchPages: Int = 3, workload: @escaping () -> Workload) {
        self.capacityPages = capacityPages
        self.generations = generations
        self.batchPages = batchPages
        makeWorkload = workload
    }

    /// Runs the workload on `device` until it ends or the device crashes. Between the
    /// batches of each snapshot it mutates again, so copy-on-write happens.
    public func run(on device: CrashBlockDevice, seed: UInt64) -> CrashOutcome {
        var outcome = CrashOutcome()
        var random = SeededRandom(seed: seed)
        var workload = makeWorkload()
        let space = Space(capacityPages: capacityPages)
        do throws(StoreError) {
            let store = try Store.create(on: device, imageID: seed | 1)
            let snapshotter = Snapshotter(space: space, store: store, batchPages: batchPages)
            do throws(SpaceError) { try workload.start(space) } catch {
                outcome.problems.append("start: \(error)")
                return outcome
            }
            for generation in 1...UInt64(generations) {
                do throws(SpaceError) { try workload.mutate(space, random: &random) } catch {
                    outcome.problems.append("mutate: \(error)")
                    break
                }
                outcome.expected[generation] = space.contentDigest()
                guard try snapshotter.cut() else {
                    outcome.problems.append("cut refused at generation \(generation)")
                    break
                }
                do throws(StoreError) {
                    while let batch = snapshotter.captureBatch() {
                        try store.write(batch)
                        snapshotter.recycle(batch)
                        if random.chance(percent: 50) {
                            do throws(SpaceError) { try workload.mutate(space, random: &random) } catch {}
                        }
                    }
                    outcome.committing = generation
                    try snapshotter.commit(time: generation)
                    outcome.committing = nil
                    outcome.completed = generation
                } catch {
                    snapshotter.abandon()
                    throw error
                }
            }
        } catch .device(.crashed) {
            // The process "died" here.
        } catch {
            outcome.problems.append("workload failed: \(error)")
        }
        outcome.operations = device.operationCount
        return outcome
    }

    /// Recovers `disk` and checks it against `outcome`; returns the problems.
    public func checkRecovery(_ disk: MemoryBlockDevice, _ outcome: CrashOutcome) -> [String] {
        let space = Space(capacityPages: capacityPages)
        let snapshotter: Snapshotter<MemoryBlockDevice>
        do throws(StoreError) {
            snapshotter = try Snapshotter.recover(device: disk, into: space, eager: true)
        } catch {
            // Only an image that never completed a commit may fail to open.
            return outcome.completed > 0 ? ["recovery failed: \(error)"] : []
        }
        let generation = snapshotter.store.generation
        guard generation > 0 else {
            return outcome.completed > 0 ? ["no snapshot, but \(outcome.completed) was committed"] : []
        }
        guard generation == outcome.completed || generation == outcome.committing else {
            return ["recovered generation \(generation); completed \(outcome.completed), in flight \(outcome.committing ?? 0)"]
        }
        guard space.contentDigest() == outcome.expected[generation] else {
            return ["generation \(generation) recovered with contents that differ from its cut"]
        }
        var workload = makeWorkload()
        let problems = workload.attach(space)
        guard problems.isEmpty else { return problems.map { "generation \(generation): \($0)" } }
        // Life goes on: one more snapshot on the recovered image, then recover again.
        var random = SeededRandom(seed: generation)
        do throws(SpaceError) { try workload.mutate(space, random: &random) } catch {
            return ["mutate after recovery: \(error)"]
        }
        do throws(StoreError) {
            let next = try snapshotter.snapshot(time: 0)
            let again = Space(capacityPages: capacityPages)
            let reopened = try Snapshotter.recover(device: disk, into: again, eager: true)
            if next != generation + 1 || reopened.store.generation != generation + 1
                || again.contentDigest() != space.contentDigest()
            {
                return ["the snapshot after recovery did not come back intact"]
            }
            var check = makeWorkload()
            return check.attach(again).map { "after recovery: \($0)" }
        } catch {
            return ["snapshot after recovery failed: \(error)"]
        }
    }

    /// How many crash cases `crashEverywhere` tries over `seeds`: one per device
    /// operation of each uncrashed run, plus one after its end.
    public func caseCount(seeds: [UInt64]) -> Int {
        seeds.reduce(0) { $0 + run(on: CrashBlockDevice(), seed: $1).operations + 1 }
    }

    /// Crashes the workload at every device operation of its run with `seed` (and once
    /// after its end). Returns the number of crash cases and every problem found.
    public func crashEverywhere(seed: UInt64) -> (cases: Int, problems: [String]) {
        let clean = run(on: CrashBlockDevice(), seed: seed)
        var problems = clean.problems
        for operation in 0...clean.operations {
            let device = CrashBlockDevice()
            device.crash(atOperation: operation, seed: seed &* 1_000_003 &+ UInt64(operation))
            let outcome = run(on: device, seed: seed)
            device.crashNow(seed: seed ^ UInt64(operation))
            for problem in outcome.problems + checkRecovery(device.survivors(), outcome) {
                problems.append("seed \(seed), crash at operation \(operation): \(problem)")
            }
        }
        return (clean.operations + 1, problems)
    }
}
