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
        const int Opened = 40;
        var before = ProcessResources.ReadSelf().OpenFiles;
        var files = Enumerable.Range(0, Opened).Select(_ => File.OpenRead("/proc/self/status")).ToList();
        try
        {
            // A little slack for the test host's own descriptors coming and going.
            Assert.InRange(ProcessResources.ReadSelf().OpenFiles - before, Opened - 3, Opened + 3);
        }
        finally
        {
            files.ForEach(f => f.Dispose());
        }
        Assert.InRange(ProcessResources.ReadSelf().OpenFiles - before, -3, 3);
    }
}
