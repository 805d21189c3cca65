// Snapshot benchmarks (see Docs/Performance.md).
print("phantom-bench: nothing yet")
