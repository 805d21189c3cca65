// InspectCommand.swift — `phantom inspect [--image PATH]`: what is inside a stopped
// world: its snapshot, space use, threads (where each one stands) and objects by class.
import ArgumentParser
import Foundation
import PhantomCore
import PhantomHost

/// Opens the newest snapshot of an image read-only (nothing is written back) and prints
/// a report. A world that is running holds the image's lock; inspecting it then needs
/// the control channel, which is not built yet, and the command says so.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Show the threads, classes and objects of a stopped world.")

    @Option(help: "The image file.")
    var image: String = "phantom.img"

    @Option(help: "How many classes to list, largest first.")
    var top: Int = 25

    func run() throws {
        let device: FileBlockDevice
        do { device = try FileBlockDevice(path: image, create: false, readOnly: true) } catch {
            if case .locked = error {
                throw Failure("\(image): the world is running; inspecting a running world needs the control channel (not built yet): stop it first")
            }
            throw Failure("\(error)")
        }
        let space = HostMemory.makeSpace(capacityPages: 65_536)
        let snapshotter: Snapshotter<FileBlockDevice>
        do { snapshotter = try Snapshotter.recover(device: device, into: space, eager: true) } catch {
            throw Failure("\(image): \(error)")
        }
        guard let record = snapshotter.store.current else { throw Failure("\(image): no snapshot yet (an empty world)") }
        let platform = HostPlatform()
        let vm = try VM(heap: try Heap(attaching: space), platform: platform)
        let ageSeconds = max(0, Int64(wallClockNanoseconds() / 1_000_000) - Int64(record.time)) / 1000
        print("image \(image): snapshot \(record.generation), taken \(ageSeconds) s ago")
        let stats = vm.heap.stats
        print("space: \(stats.pageCount) pages of 4 KiB (\(stats.freePages) free), "
            + "\(stats.liveObjects) objects, \(stats.liveBytes) bytes live")
        let report = vm.threadReport()
        print("threads: \(report.count)")
        for line in report { print("  " + line) }
        var byClass: [String: (count: Int, bytes: Int)] = [:]
        for (object, bytes) in vm.heap.census() {
            let name = vm.className(vm.heap.classOf(object))
            byClass[name, default: (0, 0)].count += 1
            byClass[name, default: (0, 0)].bytes += bytes
        }
        print("objects by class (\(byClass.count) classes; \(min(top, byClass.count)) largest by bytes):")
        print("  objects      bytes  class")
        for (name, entry) in byClass.sorted(by: { ($0.value.bytes, $0.key) > ($1.value.bytes, $1.key) }).prefix(top) {
            print("  " + pad(entry.count, 7) + "  " + pad(entry.bytes, 9) + "  " + name)
        }
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
