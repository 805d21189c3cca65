// BackgroundSnapshotter.swift — hosted snapshots with a background writer thread
// (PhantomHost).
//
// The protocol and its invariants are in PhantomCore's Snapshot.swift. Here the work is
// split over two threads: the VM thread cuts (a pause of O(bitmap)), copies pending
// pages into batches in small slices (`pump`) and, through the barrier, copies pages it
// is about to change; the writer thread checksums, writes, flushes and commits. Batches
// move whole from one thread to the other, so neither ever touches what the other owns:
//   VM thread:     Space, Snapshotter (capture side)
//   writer thread: Store (write, commit)            — handed over by the serial queue
//   either, under `shared`: returned batches, the first error, the committed generation.

import Dispatch
import PhantomCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock time in nanoseconds since 1970, for snapshot timestamps.
public func wallClockNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// Monotonic time in nanoseconds, for measuring pauses.
public func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// Snapshots whose I/O runs on a background thread while the VM thread goes on.
public final class BackgroundSnapshotter<Device: BlockDevice & SendableMetatype>: @unchecked Sendable {
    /// Where the snapshot in flight stands, as seen from the VM thread.
    public enum Status: Equatable {
        case idle
        case writing
        case committed(generation: UInt64)
        case failed(StoreError)
    }

    private struct Shared {
        var returned: [PageBatch] = []
        var error: StoreError?
        var committed: UInt64?
        var batchesInFlight = 0
        /// Pages of the snapshot in flight the writer has written (for progress).
        var pagesWritten = 0
    }

    public let snapshotter: Snapshotter<Device>
    /// Batches (of `snapshotter.batchPages` pages) that may wait for the writer at once.
    public let maxBatchesInFlight: Int
    private let writer = DispatchQueue(label: "phantom.snapshot-writer")
    private let shared = Mutex(Shared())
    private var commitScheduled = false

    public init(_ snapshotter: Snapshotter<Device>, maxBatchesInFlight: Int = 8) {
        self.snapshotter = snapshotter
        self.maxBatchesInFlight = maxBatchesInFlight
    }

    /// VM thread, at a safepoint: starts a snapshot. False if one is running or a
    /// recovered image is still loading.
    public func start() throws(StoreError) -> Bool {
        guard try snapshotter.cut() else { return false }
        commitScheduled = false
        shared.withLock { $0.pagesWritten = 0 }
        return true
    }

    /// VM thread, whenever it can spare a moment: hands up to `maxBatches` batches of
    /// captured pages to the writer, schedules the commit once everything is captured,
    /// and reports how the snapshot stands.
    public func pump(maxBatches: Int = 4) -> Status {
        let (returned, error, committed, inFlight) = shared.withLock { state in
            defer { state.returned.removeAll(keepingCapacity: true) }
            return (state.returned, state.error, state.committed, state.batchesInFlight)
        }
        for batch in returned { snapshotter.recycle(batch) }
        if let error {
            writer.sync {}  // the writer has finished with the store
            snapshotter.abandon()
            shared.withLock { state in
                for batch in state.returned { snapshotter.recycle(batch) }
                state = Shared()
            }
            return .failed(error)
        }
        switch snapshotter.phase {
        case .idle:
            return .idle
        case .capturing:
            var handed = 0
            while handed < maxBatches, inFlight + handed < maxBatchesInFlight, let batch = snapshotter.captureBatch() {
                submit(batch)
                handed += 1
            }
            if snapshotter.phase == .captured { scheduleCommit() }
            return .writing
        case .captured:
            scheduleCommit()
            if let committed {
                snapshotter.finishCommit()
                shared.withLock { $0.committed = nil }
                return .committed(generation: committed)
            }
            return .writing
        }
    }

    /// VM thread: pumps until the snapshot in flight is durable or failed. With no
    /// snapshot in flight it returns nil at once.
    ///
    /// `progress` counts the pages of the cut the writer has written (holes included),
    /// about every `maxBatchesInFlight` batches, and says `done == total` once the
    /// snapshot is durable.
    public func finish(progress: ProgressHook? = nil) throws(StoreError) -> UInt64? {
        // Pages captured so far plus those still pending are the whole cut; counting
        // the bitmap costs O(space / 64) once, and only when someone listens.
        let total = progress == nil || snapshotter.phase == .idle ? 0 : snapshotter.cutPages + snapshotter.space.pending.count
        var reported = 0
        while true {
            switch pump(maxBatches: maxBatchesInFlight) {
            case .idle: return nil
            case .committed(let generation):
                if let progress, total > reported { progress(total, total) }
                return generation
            case .failed(let error): throw error
            case .writing:
                waitForWriter()
                let written = shared.withLock { $0.pagesWritten }
                if let progress, written > reported, written < total {
                    progress(written, total)
                    reported = written
                }
            }
        }
    }

    /// A whole snapshot, waiting for it to be durable (for `commit`, shutdown, tests).
    /// `progress` hears of the new snapshot's pages as `finish` tells them (not of a
    /// snapshot that was already in flight, which is finished first).
    public func snapshotNow(progress: ProgressHook? = nil) throws(StoreError) -> UInt64? {
        _ = try finish()
        guard try start() else { return nil }
        return try finish(progress: progress)
    }

    private func submit(_ batch: PageBatch) {
        shared.withLock { $0.batchesInFlight += 1 }
        writer.async { [self] in
            let store = snapshotter.store
            let failed = shared.withLock { $0.error != nil }
            var problem: StoreError?
            if !failed {
                do throws(StoreError) { try store.write(batch) } catch { problem = error }
            }
            shared.withLock { state in
                state.batchesInFlight -= 1
                state.returned.append(batch)
                if !failed && problem == nil { state.pagesWritten += batch.count }
                if state.error == nil, let problem { state.error = problem }
            }
        }
    }

    private func scheduleCommit() {
        guard !commitScheduled else { return }
        commitScheduled = true
        writer.async { [self] in
            let store = snapshotter.store
            let capacity = snapshotter.space.capacityPages
            guard shared.withLock({ $0.error == nil }) else { return }
            do throws(StoreError) {
                let generation = try store.commit(capacityPages: capacity, time: wallClockNanoseconds())
                shared.withLock { $0.committed = generation }
            } catch {
                shared.withLock { state in if state.error == nil { state.error = error } }
            }
        }
    }

    /// Blocks briefly until the writer has made progress.
    private func waitForWriter() {
        writer.sync {}
    }
}
