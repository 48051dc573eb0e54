using System.Reflection;
using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// A folder feed holding the PipelineBuild.Sdk package packed from this build (once per test process),
/// and a private NuGet package folder, so that a task project referencing the SDK by version restores
/// this build's SDK (never one an earlier run left in the machine's package folder). The tool's
/// <c>dotnet build</c> inherits <see cref="Environment"/>: MSBuild reads <c>RestoreAdditionalProjectSources</c> from it.
/// </summary>
internal sealed class SdkPackageFeed : IDisposable
{
    public static string RepositoryRoot { get; } =
        typeof(SdkPackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static readonly Lazy<TestWorkspace> Packed = new(() =>
    {
        var folder = TestWorkspace.Create();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        Pack(Path.Combine(RepositoryRoot, "src", "PipelineBuild.Sdk"), folder.PathOf("feed"), build: false);
        return folder;
    });

    private readonly TestWorkspace _packages = TestWorkspace.Create();

    public static string Source => Packed.Value.PathOf("feed");

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["RestoreAdditionalProjectSources"] = Source,
        ["NUGET_PACKAGES"] = _packages.Root,
    };

    public static SdkPackageFeed Create()
    {
        _ = Packed.Value;
        return new SdkPackageFeed();
    }

    /// <summary>Packs a project of this repository into a folder (<paramref name="build"/> false: its Release build must exist).</summary>
    public static void Pack(string project, string output, bool build) =>
        DotnetCli.Run(RepositoryRoot, null, ["pack", project, "-c", "Release", "-o", output, "--nologo", "-v", "q", .. build ? Array.Empty<string>() : ["--no-build"]]);

    public void Dispose() => _packages.Dispose();
}
