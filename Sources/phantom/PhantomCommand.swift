// PhantomCommand.swift — the command line of the `phantom` command (thin: the work is
// in PhantomHost and PhantomCore).
import ArgumentParser
import PhantomCore
import PhantomHost

/// The top-level `phantom` command; subcommands grow with the issues.
struct PhantomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phantom",
        abstract: "Phantom, a persistent operating system: programs survive kill -9.",
        subcommands: [
            BootCommand.self, RunCommand.self, StatusCommand.self, SnapshotCommand.self, StopCommand.self,
            InspectCommand.self, CompileCommand.self, DisasmCommand.self, FsckCommand.self,
            StressCommand.self, VMRunCommand.self,
        ],
        defaultSubcommand: BootCommand.self)
}

/// A failure to report as `Error: …` without the usage text (bad file, bad image).
struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
