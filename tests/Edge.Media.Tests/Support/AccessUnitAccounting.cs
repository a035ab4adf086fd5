namespace Edge.Media.Tests.Support;

/// <summary>
/// Tests that count <see cref="AccessUnit.OutstandingCount"/> (process-wide) or time the producer
/// run alone, after the parallel tests, one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AccessUnitAccounting
{
    public const string Name = "AccessUnit accounting";
}
