namespace Edge.Config.Tests.Binding;

/// <summary>Finds files of the repository from a test's output folder.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Edge.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (the folder with Edge.sln) is not above the test's folder.");
    }
}
