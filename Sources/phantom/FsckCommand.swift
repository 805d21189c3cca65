// FsckCommand.swift — `phantom fsck PATH`: checks every block of an image, with a
// progress line (Progress.swift) while it checks, loads and verifies a large one.
import ArgumentParser
import PhantomCore
import PhantomHost

/// Verifies an image: superblock, both root records, every page-map node and page, and
/// the objects of the snapshot that boots. Says `ok` or exactly what is wrong.
struct FsckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fsck", abstract: "Check a Phantom image and say ok or what is wrong.")

    @Argument(help: "The image file.")
    var path: String

    func run() throws {
        let device: FileBlockDevice
        do { device = try FileBlockDevice(path: path, create: false, readOnly: true) } catch {
            throw Failure("\(error)")
        }
        var problems: [String] = []
        let line = ProgressLine(path)
        defer { line.finish() }
        do {
            // Something that is no image at all gets one line, not a list of damage.
            do { _ = try Store.open(device) } catch {
                switch error {
                case .notAnImage, .unsupportedVersion, .device: throw Failure("\(path): \(error)")
                default: break
                }
            }
            let (superblock, slots) = try Store.examine(device) { line.update("checking pages", $0, $1, counts: true) }
            line.finish()
            problems += superblock
            for slot in slots {
                let name = slot.slot == 0 ? "A" : "B"
                if let root = slot.root {
                    print("slot \(name): generation \(root.generation), \(root.pageCount) pages, \(slot.blocks.count) blocks")
                }
                problems += slot.problems
            }
            if slots.allSatisfy({ $0.root == nil }) && problems.isEmpty {
                print("\(path): ok (created, no snapshot yet)")
                return
            }
            let space = HostMemory.makeSpace(capacityPages: max(1, slots.compactMap(\.root).map(\.capacityPages).max() ?? 1))
            let recovered = try Snapshotter.recover(device: device, into: space, eager: true) { line.update("loading pages", $0, $1) }
            let heap = try Heap(attaching: space)
            let found = heap.verify { line.update("verifying objects", $0, $1) }
            line.finish()
            problems += found.map { "snapshot \(recovered.store.generation): \($0)" }
        } catch let error as StoreError {
            problems.append("\(error)")
        } catch let error as HeapError {
            problems.append("\(error)")
        }
        if problems.isEmpty {
            print("\(path): ok")
        } else {
            for problem in problems { print("\(path): \(problem)") }
            throw ExitCode(1)
        }
    }
}
