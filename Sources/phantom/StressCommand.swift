// StressCommand.swift — `phantom stress`: a snapshotting workload on a file image, the
// child process of the SIGKILL test. Hidden: it is a test tool, not a user command.
import ArgumentParser
import PhantomCore
import PhantomHost

#if canImport(Glibc)
import Glibc
#endif

/// Recovers the image (or creates it), verifies it, then mutates the heap and
/// snapshots it continuously, printing one line per event and flushing each:
///   `created` | `recovered G D` (generation, digest) then `verify ok` or `verify failed: …`
///   `cut G D`  the digest of the space at the cut of generation G
///   `committed G`  generation G is durable
struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress", abstract: "Snapshot a mutating heap forever (test tool).", shouldDisplay: false)

    @Option(help: "The image file.") var image: String
    @Option(help: "Seed of the workload.") var seed: UInt64 = 1
    @Option(help: "Capacity of the space in pages.") var pages: Int = 4096
    @Option(help: "Workload steps between snapshots.") var steps: Int = 2000
    @Option(help: "Stop after this many snapshots (0 = never).") var snapshots: Int = 0

    /// Writes a whole line with one system call, so a SIGKILL never leaves half of it.
    func say(_ line: String) {
        var text = line + "\n"
        text.withUTF8 { bytes in _ = write(STDOUT_FILENO, bytes.baseAddress, bytes.count) }
    }

    func run() throws {
        let device = try FileBlockDevice(path: image, create: true)
        let space = HostMemory.makeSpace(capacityPages: pages)
        let snapshotter: Snapshotter<FileBlockDevice>
        let heap: Heap
        if device.blockCount == 0 {
            snapshotter = Snapshotter(space: space, store: try Store.create(on: device, imageID: seed | 1))
            heap = try Heap(formatting: space)
            say("created")
        } else {
            snapshotter = try Snapshotter.recover(device: device, into: space, eager: true)
            if snapshotter.store.generation == 0 {
                heap = try Heap(formatting: space)
                say("created")
            } else {
                heap = try Heap(attaching: space)
                say("recovered \(snapshotter.store.generation) \(space.contentDigest())")
                let problems = heap.verify()
                if problems.isEmpty {
                    say("verify ok")
                } else {
                    say("verify failed: \(problems.prefix(5).joined(separator: "; "))")
                    throw ExitCode(3)
                }
            }
        }
        var workload = try HeapWorkload(heap: heap, seed: seed &+ snapshotter.store.generation)
        let background = BackgroundSnapshotter(snapshotter)
        var taken = 0
        while snapshots == 0 || taken < snapshots {
            try workload.run(steps: steps)
            let generation = snapshotter.store.generation + 1
            let digest = space.contentDigest()
            guard try background.start() else { continue }
            say("cut \(generation) \(digest)")
            var status = BackgroundSnapshotter<FileBlockDevice>.Status.writing
            while status == .writing {
                try workload.run(steps: 50)
                status = background.pump(maxBatches: 2)
            }
            switch status {
            case .committed(let done): say("committed \(done)")
            case .failed(let error): throw error
            default: break
            }
            taken += 1
        }
    }
}
