// HostedWorld.swift — a persistent world in a Linux process (PhantomHost): the image
// file, the space, the VM and the snapshots that keep them, run together.
//
// The `phantom` command (Sources/phantom/BootCommand.swift) drives it:
//   open      lock the image, then either create a world (a fresh space, store and VM)
//             or recover the newest snapshot and attach the VM to it (threads resume
//             where the snapshot left them; sleeps keep their wall-clock deadlines);
//   install   load class files into the world's persistent class cache;
//   start     run a class's method 8 with the boot object in a new thread;
//   run       the loop: time slices, a background snapshot every interval (cut at a
//             safepoint between slices, pages written by the writer thread while the VM
//             keeps running), idling in poll() when every thread waits, and a final
//             durable snapshot when asked to stop.
// Everything the world is lives in the space; this object holds only volatile handles.

import PhantomCore

#if canImport(Glibc)
import Glibc
#endif

/// An image file opened as a running world.
public final class HostedWorld {
    public let vm: VM<HostPlatform>
    public let platform: HostPlatform
    public let snapshotter: Snapshotter<FileBlockDevice>
    let background: BackgroundSnapshotter<FileBlockDevice>
    /// True when this open created the world (nothing was on disk yet).
    public let isNew: Bool
    /// Class files the world may load on demand (name → bytes), volatile.
    private var available: [String: [UInt8]] = [:]

    /// Opens (or creates) the image at `path`, locked against other processes.
    public init(imagePath path: String, pages: Int, platform: HostPlatform = HostPlatform()) throws {
        let device = try FileBlockDevice(path: path, create: true)
        let space = HostMemory.makeSpace(capacityPages: pages)
        self.platform = platform
        if device.blockCount == 0 {
            snapshotter = Snapshotter(space: space, store: try Store.create(on: device, imageID: Self.imageID()))
            vm = try VM(heap: try Heap(formatting: space), platform: platform)
            isNew = true
        } else {
            snapshotter = try Snapshotter.recover(device: device, into: space, eager: true)
            if snapshotter.store.generation == 0 {
                vm = try VM(heap: try Heap(formatting: space), platform: platform)
                isNew = true
            } else {
                vm = try VM(heap: try Heap(attaching: space), platform: platform)
                isNew = false
            }
        }
        background = BackgroundSnapshotter(snapshotter)
        let provider = { [unowned self] (name: String) -> [UInt8]? in self.available[name] }
        vm.classProvider = provider
    }

    /// A random-enough image identity (the store records it in every root).
    private static func imageID() -> UInt64 {
        wallClockNanoseconds() ^ (UInt64(UInt32(bitPattern: getpid())) << 32) | 1
    }

    /// Makes `classes` loadable on demand (a class the world already has keeps its copy).
    public func makeAvailable(_ classes: [ClassFile]) {
        for file in classes { available[file.name] = file.serialize() }
    }

    /// Makes `classes` available and loads every one into the world's class cache.
    public func install(_ classes: [ClassFile]) throws {
        makeAvailable(classes)
        for file in classes {
            do {
                guard try vm.findClass(file.name) != nil else { throw VMError("class \(file.name) did not load") }
            } catch let error as LoadError {
                throw VMError("\(error)")
            }
        }
    }

    /// Sets kernel-environment items (`key=value`, boot.23) before the boot class runs.
    public func setKernelEnvironment(_ items: [String]) throws {
        for item in items { try vm.setKernelEnvironment(item) }
    }

    /// Starts `className`.8(boot object) on a new instance, made without a constructor,
    /// in a new persistent thread.
    public func start(className: String) throws {
        guard let cls = try vm.findClass(className) else { throw VMError("no class \(className)") }
        guard let object = vm.newInstance(of: cls) else { throw VMError("cannot make an instance of \(className)") }
        defer { vm.heap.release(object) }
        vm.heap.release(try vm.startThread(target: object, argument: vm.bootObject))
    }

    /// Takes a whole snapshot and waits until it is durable; its generation.
    @discardableResult
    public func snapshotNow() throws -> UInt64? {
        let generation = try background.snapshotNow()
        durable(generation)
        return generation
    }

    /// Tells the VM a snapshot is durable; threads in commit() re-check their target.
    private func durable(_ generation: UInt64?) {
        vm.snapshotInFlight = false
        if let generation { vm.durableGeneration = generation }
        vm.wakeCommitWaiters()
    }

    /// The generation of the newest durable snapshot.
    public var generation: UInt64 { snapshotter.store.generation }

    /// How `run` ended.
    public enum Ending: Equatable {
        /// `shouldStop` said so (a signal); a final snapshot was taken.
        case stopped
        /// Every thread ended and `untilIdle` was set; a final snapshot was taken.
        case idle
    }

    /// Runs the world until `shouldStop()` or, with `untilIdle`, until no thread is left.
    /// A snapshot starts every `interval` seconds; `log` hears about each one.
    public func run(
        snapshotInterval interval: Double, untilIdle: Bool, shouldStop: () -> Bool, log: (String) -> Void
    ) throws -> Ending {
        let intervalMs = Int64(max(interval, 0.001) * 1000)
        var nextSnapshot = platform.wallClockMilliseconds() + intervalMs
        var writing = false
        var cutAt: UInt64 = 0
        // Threads parked in commit() when the recovered snapshot was cut return now.
        durable(generation)
        while true {
            if shouldStop() {
                try finalSnapshot(log: log)
                return .stopped
            }
            if writing {
                switch background.pump(maxBatches: 2) {
                case .writing, .idle: break
                case .committed(let generation):
                    writing = false
                    durable(generation)
                    log("snapshot \(generation) durable in \(Double((monotonicNanoseconds() - cutAt) / 1000) / 1000) ms")
                case .failed(let error):
                    // The cut went back into the dirty set (abandon): the next one retries.
                    writing = false
                    vm.snapshotInFlight = false
                    log("snapshot failed: \(error)")
                }
            } else if vm.commitRequested || platform.wallClockMilliseconds() >= nextSnapshot {
                // Every interval, and at once when a thread waits in commit().
                vm.commitRequested = false
                nextSnapshot = platform.wallClockMilliseconds() + intervalMs
                cutAt = monotonicNanoseconds()
                writing = try background.start()
                vm.snapshotInFlight = writing
                if writing { log("snapshot \(generation + 1) cut") }
            }
            switch vm.runSlice() {
            case .ran:
                continue
            case .idle(let deadline, let console):
                // Wake for the earliest of: a thread's deadline, the next snapshot, or,
                // while a snapshot is being written, soon (to keep feeding the writer).
                var until = nextSnapshot
                if let deadline { until = min(until, deadline) }
                if writing { until = min(until, platform.wallClockMilliseconds() + 1) }
                platform.idle(until: until, console: console)
            case .done:
                if untilIdle {
                    try finalSnapshot(log: log)
                    return .idle
                }
                var until = nextSnapshot
                if writing { until = min(until, platform.wallClockMilliseconds() + 1) }
                platform.idle(until: until, console: false)
            }
        }
    }

    /// Finishes any snapshot in flight, then takes one more with everything up to now.
    private func finalSnapshot(log: (String) -> Void) throws {
        durable(try background.finish())
        if let generation = try snapshotNow() { log("final snapshot \(generation) durable") }
    }
}
