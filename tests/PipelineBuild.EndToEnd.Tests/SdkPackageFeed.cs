using System.Diagnostics;
using System.Reflection;
using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// A folder feed holding the PipelineBuild.Sdk package packed from this build, and a private NuGet
/// package folder, so that a task project referencing the SDK by version restores this build's SDK
/// (never one an earlier run left in the machine's package folder). The tool's <c>dotnet build</c>
/// inherits <see cref="Environment"/>: MSBuild reads <c>RestoreAdditionalProjectSources</c> from it.
/// </summary>
internal sealed class SdkPackageFeed : IDisposable
{
    private readonly TestWorkspace _folder;

    private SdkPackageFeed(TestWorkspace folder)
    {
        _folder = folder;
    }

    public static string RepositoryRoot { get; } =
        typeof(SdkPackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public string Source => _folder.PathOf("feed");

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["RestoreAdditionalProjectSources"] = Source,
        ["NUGET_PACKAGES"] = _folder.PathOf("packages"),
    };

    public static SdkPackageFeed Create()
    {
        var feed = new SdkPackageFeed(TestWorkspace.Create());
        try
        {
            Pack(Path.Combine(RepositoryRoot, "src", "PipelineBuild.Sdk"), feed.Source);
            return feed;
        }
        catch
        {
            feed.Dispose();
            throw;
        }
    }

    /// <summary>Packs a project of this repository, already built in Release, into a folder.</summary>
    public static void Pack(string project, string output)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "pack", project, "-c", "Release", "--no-build", "-o", output, "--nologo", "-v", "q" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet pack {project}: {stdout.Result}{stderr.Result}");
    }

    public void Dispose() => _folder.Dispose();
}
