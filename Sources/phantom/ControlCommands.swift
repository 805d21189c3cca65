// ControlCommands.swift — `phantom status`, `phantom snapshot`, `phantom stop`: talk to
// the world running on an image through its control channel (Control.swift).
import ArgumentParser
import Foundation
import PhantomCore
import PhantomHost

/// The option every control command takes.
struct ImageOption: ParsableArguments {
    @Option(help: "The image file of the world.")
    var image: String = "phantom.img"

    /// A connection to the running world, or a clear error when none runs.
    func connect() throws -> ControlClient {
        guard let client = try ControlClient.connect(image: image) else {
            throw Failure("\(image): no world is running on this image (start one with `phantom boot --image \(image)`)")
        }
        return client
    }

    /// Sends `command` to the running world and handles its replies up to the last;
    /// the connection (still open) and that reply.
    func ask(_ command: ControlRequest.Command) throws -> (ControlClient, ControlReply) {
        let client = try connect()
        try client.send(ControlRequest(command: command))
        return (client, try client.finish())
    }
}

/// `phantom status`: is a world running on the image, and how it stands.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Say whether a world runs on IMAGE and how it stands.",
        discussion: "Exit status: 0 when a world is running, 3 when none is.")

    @OptionGroup var options: ImageOption

    func run() throws {
        if let client = try ControlClient.connect(image: options.image) {
            try client.send(ControlRequest(command: .status))
            _ = try client.finish()
            return
        }
        // Not running: say what the image holds, without loading it.
        let device: FileBlockDevice
        do { device = try FileBlockDevice(path: options.image, create: false, readOnly: true) } catch {
            throw Failure("\(error)")
        }
        let store: Store<FileBlockDevice>
        do { store = try Store.open(device) } catch { throw Failure("\(options.image): \(error)") }
        if let record = store.current {
            print("\(options.image): not running; snapshot \(record.generation) taken \(WorldReport.age(record.time)) ago")
        } else {
            print("\(options.image): not running; no snapshot yet")
        }
        throw ExitCode(3)
    }
}

/// `phantom snapshot`: take a snapshot now and wait until it is durable.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Snapshot the running world now; return once the snapshot is durable.")

    @OptionGroup var options: ImageOption

    func run() throws {
        let (_, reply) = try options.ask(.snapshot)
        print("snapshot \(reply.generation ?? 0) is durable")
    }
}

/// `phantom stop`: final snapshot, then the world's process exits.
struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the running world: a final snapshot, then its process exits (like SIGTERM).",
        discussion: "Returns once the world's process has let go of the image.")

    @OptionGroup var options: ImageOption

    func run() throws {
        let (client, reply) = try options.ask(.stop)
        client.waitForClose()
        // The socket closes as the process exits; the image lock goes with the process.
        let deadline = Date().addingTimeInterval(10)
        while ControlClient.imageIsLocked(options.image) && Date() < deadline { usleep(20_000) }
        print("stopped; snapshot \(reply.generation ?? 0) is durable")
    }
}
