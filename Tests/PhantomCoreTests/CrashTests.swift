// Crash tests: a workload that mutates the space over many snapshot generations is
// crashed at every device operation, for many seeds. After each crash the image must
// recover to exactly the state of a snapshot whose commit had started — the newest
// completed one or the one in flight — never a mix, never an older one.
import Testing
import PhantomCore

/// What the workload knew when the device died.
struct CrashOutcome {
    /// Digest of the space at the cut of each generation.
    var expected: [UInt64: UInt64] = [:]
    /// The newest generation whose commit returned.
    var completed: UInt64 = 0
    /// The generation whose commit had been called when the device died, if any.
    var committing: UInt64?
    /// Device operations the workload issued.
    var operations = 0
}

/// A deterministic workload over the page layer: grows the space, scribbles over it and
/// snapshots it `generations` times, with stores between batches so that copy-on-write
/// happens, until it ends or the device crashes.
func runPageWorkload(on device: CrashBlockDevice, seed: UInt64, generations: Int) -> CrashOutcome {
    var outcome = CrashOutcome()
    var random = SeededRandom(seed: seed)
    let space = Space(capacityPages: 96)
    do {
        let store = try Store.create(on: device, imageID: seed | 1)
        let snapshotter = Snapshotter(space: space, store: store, batchPages: 3)
        try space.grow(to: 8)
        for generation in 1...UInt64(generations) {
            if random.chance(percent: 25) { try space.grow(to: min(96, space.pageCount + random.below(12) + 1)) }
            scribble(space, count: random.below(10) + 1, random: &random)
            outcome.expected[generation] = digest(space)
            guard try snapshotter.cut() else { Issue.record("cut refused"); return outcome }
            do {
                while let batch = snapshotter.captureBatch() {
                    try store.write(batch)
                    snapshotter.recycle(batch)
                    scribble(space, count: random.below(3), random: &random)
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
    } catch StoreError.device(.crashed) {
        // The process "died" here.
    } catch {
        Issue.record("workload failed: \(error)")
    }
    outcome.operations = device.operationCount
    return outcome
}

/// Recovers the disk a crash left and checks it against the outcome; then continues
/// on it for one more snapshot and checks that too (free-block accounting after recovery).
func checkRecovery(_ disk: MemoryBlockDevice, _ outcome: CrashOutcome, label: String) {
    let space = Space(capacityPages: 96)
    let snapshotter: Snapshotter<MemoryBlockDevice>
    do {
        snapshotter = try Snapshotter.recover(device: disk, into: space, eager: true)
    } catch {
        // Only an image that never completed a commit may fail to open.
        if outcome.completed > 0 { Issue.record("\(label): recovery failed: \(error)") }
        return
    }
    let generation = snapshotter.store.generation
    guard generation > 0 else {
        if outcome.completed > 0 { Issue.record("\(label): no snapshot, but \(outcome.completed) was committed") }
        return
    }
    let allowed = generation == outcome.completed || generation == outcome.committing
    if !allowed {
        Issue.record("\(label): recovered generation \(generation); completed \(outcome.completed), in flight \(String(describing: outcome.committing))")
        return
    }
    if digest(space) != outcome.expected[generation] {
        Issue.record("\(label): generation \(generation) recovered with contents that differ from its cut")
        return
    }
    // Life goes on: one more snapshot on the recovered image, then recover again.
    do {
        var random = SeededRandom(seed: generation)
        scribble(space, count: 5, random: &random)
        let next = try snapshotter.snapshot(time: 0)
        let again = Space(capacityPages: 96)
        let reopened = try Snapshotter.recover(device: disk, into: again, eager: true)
        if next != generation + 1 || reopened.store.generation != generation + 1 || digest(again) != digest(space) {
            Issue.record("\(label): the snapshot after recovery did not come back intact")
        }
    } catch {
        Issue.record("\(label): snapshot after recovery failed: \(error)")
    }
}

@Suite struct CrashTests {
    static let generations = 30
    static let seeds: [UInt64] = Array(1...40)

    /// ≥ 10,000 crash cases: every operation of the workload, for every seed.
    @Test(arguments: seeds)
    func crashAtEveryOperation(seed: UInt64) {
        let total = runPageWorkload(on: CrashBlockDevice(), seed: seed, generations: Self.generations).operations
        #expect(total > 200)
        for operation in 0...total {
            let device = CrashBlockDevice()
            device.crash(atOperation: operation, seed: seed &* 1_000_003 &+ UInt64(operation))
            let outcome = runPageWorkload(on: device, seed: seed, generations: Self.generations)
            device.crashNow(seed: seed ^ UInt64(operation))
            checkRecovery(device.survivors(), outcome, label: "seed \(seed), crash at operation \(operation)")
        }
    }

    /// The crash cases above add up to at least 10,000 (each seed gives its own count).
    @Test func theCrashCasesAddUpToTenThousand() {
        let cases = Self.seeds.reduce(0) {
            $0 + runPageWorkload(on: CrashBlockDevice(), seed: $1, generations: Self.generations).operations + 1
        }
        #expect(cases >= 10_000, "only \(cases) crash cases")
        print("crash cases: \(cases)")
    }
}
