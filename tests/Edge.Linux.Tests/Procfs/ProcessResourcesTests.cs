using Edge.Linux.Procfs;

namespace Edge.Linux.Tests.Procfs;

/// <summary>Run alone: the descriptor count is the whole process's, and other tests open files too.</summary>
[CollectionDefinition(nameof(ProcessResourcesTests), DisableParallelization = true)]
public sealed class ProcessResourcesCollection;

[Collection(nameof(ProcessResourcesTests))]
public sealed class ProcessResourcesTests
{
    [Theory]
    [InlineData("3406 1530 421 2114 0 1122 0\n", 4096, 1530L * 4096)]
    [InlineData("10 20", 16384, 20L * 16384)]
    [InlineData("10", 4096, -1L)]
    [InlineData("", 4096, -1L)]
    [InlineData("10 x 3", 4096, -1L)]
    [InlineData("10 -5 3", 4096, -1L)]
    public void Resident_memory_is_the_second_statm_field_in_pages(string statm, long pageSize, long expected) =>
        Assert.Equal(expected, ProcessResources.ParseResidentBytes(statm, pageSize));

    [Fact]
    public void Threads_come_from_the_status_line()
    {
        Assert.Equal(15, ProcessResources.ParseThreads("Name:\tedge\nState:\tS (sleeping)\nThreads:\t15\nSigQ:\t0/95614\n"));
        Assert.Equal(-1, ProcessResources.ParseThreads("Name:\tedge\n"));
        Assert.Equal(-1, ProcessResources.ParseThreads("Threads:\tmany\n"));
    }

    [Fact]
    public void This_process_is_read_with_plausible_numbers()
    {
        var now = ProcessResources.ReadSelf();

        Assert.InRange(now.ResidentBytes, 1L << 20, 16L << 30);
        Assert.True(now.ManagedHeapBytes > 0);
        Assert.InRange(now.Threads, 1, 10_000);
        Assert.InRange(now.OpenFiles, 3, 100_000); // stdin, stdout and stderr at least
    }

    [Fact]
    public void Opened_files_are_counted_and_closed_ones_are_not()
    {
        // The count is the whole process's: descriptors other tests leaked are closed by their
        // finalizers whenever the GC runs, and the test host opens and closes its own. Settle the
        // finalizers first, and allow a few attempts, so only a wrong count fails every time.
        const int Opened = 40;
        const int Attempts = 5;
        var deltas = new List<(int Open, int Closed)>();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var before = ProcessResources.ReadSelf().OpenFiles;
            var files = Enumerable.Range(0, Opened).Select(_ => File.OpenRead("/proc/self/status")).ToList();
            var open = ProcessResources.ReadSelf().OpenFiles - before;
            files.ForEach(f => f.Dispose());
            var closed = ProcessResources.ReadSelf().OpenFiles - before;
            deltas.Add((open, closed));
            if (Math.Abs(open - Opened) <= 3 && Math.Abs(closed) <= 3)
                return;
        }
        Assert.Fail($"opening {Opened} files and closing them again never showed as +{Opened} and 0 (±3); deltas seen: {string.Join(", ", deltas)}");
    }
}
