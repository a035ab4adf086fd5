using System.Runtime.CompilerServices;

namespace Edge.Display.Tests.Support;

/// <summary>
/// Compares a picture with its expected render, kept as <c>Goldens/NAME.png</c> in this project.
/// On a mismatch the actual picture is written to <c>actual/NAME.png</c> beside the test binary,
/// so the two can be looked at side by side. To accept new renders after a deliberate change,
/// run the tests with <c>EDGE_UPDATE_GOLDENS=1</c>, which rewrites the files in the source tree,
/// and look at them before committing.
/// </summary>
internal static class Golden
{
    public static void AssertMatches(Picture actual, string name)
    {
        if (Environment.GetEnvironmentVariable("EDGE_UPDATE_GOLDENS") == "1")
        {
            var sourceDirectory = Path.Combine(ProjectDirectory(), "Goldens");
            PngFile.Write(Path.Combine(sourceDirectory, name + ".png"), actual);
            return;
        }

        var expectedPath = Path.Combine(AppContext.BaseDirectory, "Goldens", name + ".png");
        var actualDirectory = Path.Combine(AppContext.BaseDirectory, "actual");
        var actualPath = Path.Combine(actualDirectory, name + ".png");
        if (!File.Exists(expectedPath))
        {
            Directory.CreateDirectory(actualDirectory);
            PngFile.Write(actualPath, actual);
            Assert.Fail($"no expected picture Goldens/{name}.png; the render is in {actualPath} (run with EDGE_UPDATE_GOLDENS=1 to keep it)");
        }

        var expected = PngFile.Read(expectedPath);
        var differences = expected.Differences(actual);
        if (differences.Count > 0)
        {
            Directory.CreateDirectory(actualDirectory);
            PngFile.Write(actualPath, actual);
            Assert.Fail($"the display differs from Goldens/{name}.png at {string.Join(", ", differences)}; " +
                $"the actual picture is in {actualPath}:\n{actual.ToText()}");
        }
    }

    /// <summary>This test project's source folder, from where this file was compiled.</summary>
    private static string ProjectDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(thisFile))!;
}
