using System.Reflection;
using System.Xml.Linq;

namespace Edge.Tests.Architecture;

/// <summary>
/// Dependencies point one way: the host (Edge) maps the config to each library's own options, so
/// no protocol, device or media library knows the config file. Checked twice: in the compiled
/// assemblies (what the code really uses, through any chain of references) and in the project
/// files (a reference nothing uses yet is still a door left open).
/// </summary>
public sealed class DependencyDirectionTests
{
    private const string ConfigAssembly = "Edge.Config";

    public static TheoryData<string> Libraries => new()
    {
        typeof(Edge.Rtsp.Server.RtspServer).Assembly.GetName().Name!,
        typeof(Edge.Rtmp.Client.RtmpPublisher).Assembly.GetName().Name!,
        typeof(Edge.Gpio.GpioAbi).Assembly.GetName().Name!,
        typeof(Edge.Media.AccessUnit).Assembly.GetName().Name!,
        typeof(Edge.Video.VideoFrame).Assembly.GetName().Name!,
        typeof(Edge.Display.StatusDisplay).Assembly.GetName().Name!,
        typeof(Edge.Auth.HttpAuthenticator).Assembly.GetName().Name!,
        typeof(Edge.Onvif.OnvifServer).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void ALibrary_DoesNotReferenceTheConfig_DirectlyOrThroughAnother(string library)
    {
        var path = ReferencePath(Assembly.Load(library), []);

        Assert.True(path is null, $"{library} depends on {ConfigAssembly}: {string.Join(" → ", path ?? [])}");
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void ALibrarysProject_HasNoReferenceToTheConfigProject(string library)
    {
        var project = XDocument.Load(Path.Combine(RepositoryFiles.Root(), "src", library, library + ".csproj"));

        var references = project.Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include") ?? "").ToList();

        Assert.DoesNotContain(references, r => r.Contains(ConfigAssembly + ".csproj", StringComparison.Ordinal));
    }

    [Fact]
    public void TheHost_IsWhereTheConfigIsUsed()
    {
        // The positive control: the check above would see a reference if there were one.
        Assert.NotNull(ReferencePath(typeof(Edge.Hosting.EdgeHost).Assembly, []));
    }

    /// <summary>The chain of references from <paramref name="assembly"/> to Edge.Config, or null when there is none.</summary>
    private static List<string>? ReferencePath(Assembly assembly, HashSet<string> visited)
    {
        var name = assembly.GetName().Name!;
        if (!visited.Add(name))
            return null;
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (reference.Name == ConfigAssembly)
                return [name, ConfigAssembly];
            // Only Edge's own assemblies can lead back to Edge.Config.
            if (reference.Name is null || !reference.Name.StartsWith("Edge.", StringComparison.Ordinal))
                continue;
            if (ReferencePath(Assembly.Load(reference), visited) is { } path)
                return [name, .. path];
        }
        return null;
    }
}
