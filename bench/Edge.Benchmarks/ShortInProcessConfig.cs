using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Edge.Benchmarks;

/// <summary>
/// The one BenchmarkDotNet configuration of every part: BenchmarkDotNet's ShortRun job (one
/// launch, 3 warm-up and 3 measured iterations of about 500 ms each) so that a whole run stays
/// within minutes, run in this process, with allocations per operation and operations per second.
/// </summary>
/// <remarks>
/// In-process rather than BenchmarkDotNet's usual generated child project: that project would be
/// built under this repository's Directory.Build.props (warnings as errors, central package
/// versions) and the build alone takes minutes on a small board. The price: the measured code
/// shares the host's GC settings and JIT state, which is what the daemon does too.
/// </remarks>
public static class ShortInProcessConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.OperationsPerSecond)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
}
