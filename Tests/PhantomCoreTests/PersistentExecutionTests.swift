// PersistentExecutionTests.swift — threads survive a snapshot and a recovery: a world
// snapshotted in the middle of a loop, a sleep or a console read is recovered into a
// fresh space and finishes exactly as a run without the interruption does.

import Testing
import PhantomTestSupport
@testable import PhantomCore

/// A world that can be snapshotted to an in-memory disk and recovered from it.
private struct PersistentWorld {
    let device = MemoryBlockDevice()
    let world: TestWorld
    let snapshotter: Snapshotter<MemoryBlockDevice>

    init(_ source: String) throws {
        world = try TestWorld(source)
        snapshotter = Snapshotter(space: world.vm.heap.space, store: try Store.create(on: device, imageID: 3))
    }

    /// Cuts and writes a snapshot at the current safepoint (between slices).
    func snapshot() throws { _ = try snapshotter.snapshot(time: 1) }

    /// A new world attached to what the disk holds, as a fresh process would see it.
    func recover(platform: TestPlatform = TestPlatform()) throws -> VM<TestPlatform> {
        let space = Space(capacityPages: 4096)
        _ = try Snapshotter.recover(device: device, into: space, eager: true)
        return try VM(heap: Heap(attaching: space), platform: platform)
    }
}

/// Counts to 300,000 through method calls and a field, building a string at the end.
private let counter = """
    .class .test.counter
    .field total
    .method run ordinal 8 args 1
        arg_count 1
        stack_reserve obj=0 int=1
        iconst_0
        i2o
        os_save8 0
        iconst_32bit 300000
        is_set32 0
    loop:
        is_get32 0
        jz done
        summon_this
        is_get32 0
        i2o
        call_10 n=1
        os_drop
        is_get32 0
        iconst_1
        isublu
        is_set32 0
        jmp loop
    done:
        os_load8 0
        ret
    .end
    .method add ordinal 16 args 1
        arg_count 1
        os_load8 0
        o2i
        os_get32 0
        o2i
        iconst_32bit 1000
        idivlu
        isum
        i2o
        os_save8 0
        summon_null
        ret
    .end
    """

@Suite struct PersistentExecutionTests {
    @Test func loopResumesMidwayAfterRecovery() throws {
        // The uninterrupted answer.
        let plain = try TestWorld(counter)
        let expected = try plain.run(".test.counter")

        let persistent = try PersistentWorld(counter)
        persistent.world.vm.sliceBudget = 1000
        let thread = try persistent.world.start(".test.counter")
        persistent.world.vm.run(maxSlices: 37)
        #expect(!persistent.world.vm.threadEnded(thread))
        try persistent.snapshot()
        persistent.world.vm.run()
        #expect(persistent.world.vm.threadResult(thread) == expected)

        // The test's own count on the thread was in the snapshot too: it is the
        // recovered thread's one outside reference.
        let recovered = try persistent.recover()
        let threads = recovered.threads
        #expect(threads.count == 1)
        let resumed = try #require(threads.first)
        #expect(recovered.threadState(resumed) == ThreadState.runnable)
        recovered.run()
        #expect(recovered.threadResult(resumed) == expected)
        #expect(recovered.heap.verify(externalRefs: [resumed]).isEmpty)
    }

    @Test func sleepResumesAtItsWallClockDeadline() throws {
        let source = """
            .class .test.sleeper
            .method run ordinal 8 args 1
                arg_count 1
                os_get32 0
                iconst_32bit 5000
                i2o
                call_15 n=1
                os_drop
                sconst_bin "awake"
                ret
            .end
            """
        let persistent = try PersistentWorld(source)
        let start = persistent.world.platform.now
        let thread = try persistent.world.start(".test.sleeper", argument: persistent.world.vm.bootObject)
        #expect(persistent.world.vm.runSlice() == .ran)
        #expect(persistent.world.vm.threadState(thread) == ThreadState.sleeping)
        try persistent.snapshot()

        // A restart 2 s later: the thread still wakes at start + 5000, not 5 s after the restart.
        let platform = TestPlatform()
        platform.now = start + 2000
        let recovered = try persistent.recover(platform: platform)
        let resumed = try #require(recovered.threads.first)
        #expect(recovered.runSlice() == .idle(deadline: start + 5000, console: false))
        recovered.run()
        #expect(platform.idleCalls == [start + 5000])
        #expect(recovered.text(of: recovered.threadResult(resumed)) == "awake")
        #expect(recovered.heap.verify(externalRefs: [resumed]).isEmpty)

        // A restart after the deadline: it wakes at once.
        let late = TestPlatform()
        late.now = start + 9000
        let again = try persistent.recover(platform: late)
        again.run()
        #expect(late.idleCalls.isEmpty)
    }

    @Test func consoleReadResumesWithInputGivenAfterRecovery() throws {
        let source = """
            .class .test.reader
            .method run ordinal 8 args 1
                arg_count 1
                stack_reserve obj=1 int=0
                summon_by_name ".internal.io.tty"
                new
                os_set32 1
                os_get32 1
                call_10 n=0
                os_get32 1
                call_10 n=0
                call_0A n=1
                ret
            .end
            """
        let persistent = try PersistentWorld(source)
        persistent.world.platform.input = Array("a".utf8)
        let thread = try persistent.world.start(".test.reader")
        #expect(persistent.world.vm.runSlice() == .ran)
        #expect(persistent.world.vm.runSlice() == .idle(deadline: nil, console: true))
        #expect(persistent.world.vm.threadState(thread) == ThreadState.console)
        try persistent.snapshot()

        let platform = TestPlatform()
        platform.input = Array("bc".utf8)
        let recovered = try persistent.recover(platform: platform)
        let resumed = try #require(recovered.threads.first)
        #expect(recovered.run() == .done)
        // The first read happened before the snapshot; the second reads the new input.
        #expect(recovered.text(of: recovered.threadResult(resumed)) == "ab")
        #expect(recovered.heap.verify(externalRefs: [resumed]).isEmpty)
    }
}
