// The peer tests count AccessUnit.OutstandingCount (process-wide) and measure CPU time, and two
// test-pattern encoders at once would make a 2-core machine skip frames: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
