// Crash tests over the page layer: a workload that grows and scribbles over the space
// is crashed at every device operation, for 40 seeds (CrashHarness.swift says what
// each recovery must show). The heap-level variant is in PhantomHostTests.
import Testing
import PhantomCore

/// Grows the space now and then and stores random words into random pages.
struct PageWorkload: CrashWorkload {
    mutating func start(_ space: Space) throws(SpaceError) { try space.grow(to: 8) }
    mutating func attach(_ space: Space) -> [String] { [] }
    mutating func mutate(_ space: Space, random: inout SeededRandom) throws(SpaceError) {
        if random.chance(percent: 25) {
            try space.grow(to: min(space.capacityPages, space.pageCount + random.below(12) + 1))
        }
        scribble(space, count: random.below(10) + 1, random: &random)
    }
}

@Suite struct CrashTests {
    static var harness: CrashHarness<PageWorkload> { CrashHarness(capacityPages: 96, generations: 30) { PageWorkload() } }
    static let seeds: [UInt64] = Array(1...40)

    /// Every operation of the workload, for every seed: over 10,000 crash cases.
    @Test(arguments: seeds)
    func crashAtEveryOperation(seed: UInt64) {
        let (cases, problems) = Self.harness.crashEverywhere(seed: seed)
        #expect(cases > 200)
        #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(3))")
    }

    /// The crash cases above add up to at least 10,000 (each seed gives its own count).
    @Test func theCrashCasesAddUpToTenThousand() {
        let cases = Self.harness.caseCount(seeds: Self.seeds)
        #expect(cases >= 10_000, "only \(cases) crash cases")
    }
}
