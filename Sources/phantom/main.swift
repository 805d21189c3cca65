// main.swift — the `phantom` command (thin; see PhantomHost for the platform).
import ArgumentParser

PhantomCommand.main()
