// Crash tests with a real heap: the workload allocates, links, makes cycles, frees and
// collects; after every crash the recovered heap must verify() clean and equal the
// state at the cut of the snapshot that booted (CrashHarness.swift).
import Testing
import PhantomCore
import PhantomHost

/// The heap workload of `phantom stress`, as a crash workload.
struct HeapCrashWorkload: CrashWorkload {
    mutating func start(_ space: Space) throws(SpaceError) { _ = try Heap(formatting: space) }

    mutating func attach(_ space: Space) -> [String] {
        do throws(HeapError) { return try Heap(attaching: space).verify() } catch { return ["\(error)"] }
    }

    mutating func mutate(_ space: Space, random: inout SeededRandom) throws(SpaceError) {
        let heap: Heap
        do throws(HeapError) { heap = try Heap(attaching: space) } catch { return }
        var workload = try HeapWorkload(heap: heap, seed: random.next())
        try workload.run(steps: 20 + random.below(60))
    }
}

@Suite struct HeapCrashTests {
    static var harness: CrashHarness<HeapCrashWorkload> { CrashHarness(capacityPages: 512, generations: 20) { HeapCrashWorkload() } }
    static let seeds: [UInt64] = Array(1...60)

    /// Every operation of the heap workload, for every seed: with the page-level
    /// CrashTests, over 20,000 crash cases, these with verify() after each recovery.
    @Test(arguments: seeds)
    func crashAtEveryOperationWithAHeap(seed: UInt64) {
        let (cases, problems) = Self.harness.crashEverywhere(seed: seed)
        #expect(cases > 100)
        #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(3))")
    }

    /// The heap crash cases alone add up to at least 10,000.
    @Test func theHeapCrashCasesAddUpToTenThousand() {
        let cases = Self.harness.caseCount(seeds: Self.seeds)
        #expect(cases >= 10_000, "only \(cases) crash cases")
    }
}
