// InspectCommand.swift — `phantom inspect [--image PATH]`: what is inside a world: its
// snapshot, space use, threads (where each one stands) and objects by class. A running
// world is asked through its control channel; a stopped one is read from its image.
import ArgumentParser
import Foundation
import PhantomCore
import PhantomHost

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Show the threads, classes and objects of a world (running or stopped).")

    @Option(help: "The image file.")
    var image: String = "phantom.img"

    @Option(help: "How many classes to list, largest first.")
    var top: Int = 25

    func run() throws {
        if let client = try ControlClient.connect(image: image) {
            try client.send(ControlRequest(command: .inspect, top: top))
            _ = try client.finish()
            return
        }
        let device: FileBlockDevice
        do { device = try FileBlockDevice(path: image, create: false, readOnly: true) } catch {
            throw Failure("\(error)")
        }
        let space = HostMemory.makeSpace(capacityPages: 65_536)
        let snapshotter: Snapshotter<FileBlockDevice>
        do { snapshotter = try Snapshotter.recover(device: device, into: space, eager: true) } catch {
            throw Failure("\(image): \(error)")
        }
        guard let record = snapshotter.store.current else { throw Failure("\(image): no snapshot yet (an empty world)") }
        let vm = try VM(heap: try Heap(attaching: space), platform: HostPlatform())
        let lines = WorldReport.inspect(vm: vm, image: image, generation: record.generation, time: record.time, top: top)
        for line in lines { print(line) }
    }
}

/// The text of `inspect` and `status`, for a world opened here or running elsewhere.
enum WorldReport {
    /// Snapshot, space, threads, and objects by class (the `top` largest).
    static func inspect(vm: Machine, image: String, generation: UInt64, time: UInt64?, top: Int) -> [String] {
        var lines = ["image \(image): snapshot \(generation)" + (time.map { ", taken \(age($0)) ago" } ?? "")]
        let stats = vm.heap.stats
        lines.append(
            "space: \(stats.pageCount) pages of 4 KiB (\(stats.freePages) free), "
                + "\(stats.liveObjects) objects, \(stats.liveBytes) bytes live")
        let report = vm.threadReport()
        lines.append("threads: \(report.count)")
        lines += report.map { "  " + $0 }
        var byClass: [String: (count: Int, bytes: Int)] = [:]
        for (object, bytes) in vm.heap.census() {
            let name = vm.className(vm.heap.classOf(object))
            byClass[name, default: (0, 0)].count += 1
            byClass[name, default: (0, 0)].bytes += bytes
        }
        lines.append("objects by class (\(byClass.count) classes; \(min(top, byClass.count)) largest by bytes):")
        lines.append("  objects      bytes  class")
        for (name, entry) in byClass.sorted(by: { ($0.value.bytes, $0.key) > ($1.value.bytes, $1.key) }).prefix(top) {
            lines.append("  " + pad(entry.count, 7) + "  " + pad(entry.bytes, 9) + "  " + name)
        }
        return lines
    }

    /// A running world in a few lines.
    static func status(world: HostedWorld, context: ServiceContext) -> [String] {
        let uptime = Int(Date().timeIntervalSince(context.started))
        var lines = ["\(context.image): running (pid \(context.pid), up \(uptime) s)"]
        var snapshot = "snapshot \(world.generation) durable"
        if let time = world.snapshotTime { snapshot += ", taken \(age(time)) ago" }
        snapshot += "; one every \(context.interval) s"
        if world.isWriting { snapshot += "; snapshot \(world.generation + 1) is being written" }
        lines.append(snapshot)
        let counts = world.vm.threadStateCounts()
        let detail = counts.map { "\($0.count) \($0.state)" }.joined(separator: ", ")
        let total = counts.reduce(0) { $0 + $1.count }
        lines.append("threads: \(total)" + (detail.isEmpty ? "" : " (\(detail))")
            + (world.attachedThreads > 0 ? "; \(world.attachedThreads) attached to a client" : ""))
        let stats = world.vm.heap.stats
        lines.append("space: \(stats.pageCount - stats.freePages) of \(stats.pageCount) pages in use, "
            + "\(stats.liveObjects) objects, \(stats.liveBytes) bytes live")
        return lines
    }

    /// How long ago `time` (ns since 1970) was, for people.
    static func age(_ time: UInt64) -> String {
        let seconds = max(0, Date().timeIntervalSince1970 - Double(time) / 1e9)
        return seconds < 10 ? String(format: "%.1f s", seconds) : "\(Int(seconds)) s"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
