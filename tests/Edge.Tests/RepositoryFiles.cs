namespace Edge.Tests;

/// <summary>Files of the repository the tests read: the man page, the project files.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder with Edge.sln, above the test's output folder.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (the folder with Edge.sln) is not above the test's folder.");
    }
}
