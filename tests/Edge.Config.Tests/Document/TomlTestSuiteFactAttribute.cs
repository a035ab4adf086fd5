namespace Edge.Config.Tests.Document;

/// <summary>
/// A fact that needs the toml-test data. xunit 2 cannot skip at run time, so the decision is made
/// here, when the test is discovered: without the data the test is skipped on a developer's
/// machine, but under CI=true it runs and fails, so a CI that lost the data cannot pass quietly.
/// </summary>
public sealed class TomlTestSuiteFactAttribute : FactAttribute
{
    public TomlTestSuiteFactAttribute()
    {
        if (!TomlTestSuite.Exists && !TomlTestSuite.IsCi)
            Skip = $"{TomlTestSuite.MissingMessage} (set CI=true to make this a failure)";
    }
}
