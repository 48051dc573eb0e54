using NuGet.Versioning;
using PipelineBuild.Sdk;

namespace PipelineBuild.Tasks.DotNet;

/// <summary>Settings of <c>dotnet-pack</c>.</summary>
/// <param name="Project">The project to pack, workspace-relative.</param>
/// <param name="Output">The folder for the packages (declare it under <c>outputs</c>).</param>
/// <param name="Version">The package version, SemVer 2.0 (usually <c>${{ params.version }}</c>).</param>
/// <param name="Configuration">The build configuration.</param>
/// <param name="Runtimes">RID-specific tool packages: the project is also packed once per runtime (<c>-r</c>).</param>
/// <param name="Properties">MSBuild properties (<c>-p:Name=Value</c>).</param>
public sealed record DotNetPackSettings(
    string Project,
    string Output,
    string? Version = null,
    string Configuration = "Release",
    IReadOnlyList<string>? Runtimes = null,
    IReadOnlyDictionary<string, string>? Properties = null);

/// <summary><c>dotnet-pack</c>: <c>dotnet pack</c> into a folder, the version checked and normalized with NuGet.Versioning.</summary>
[TaskName("dotnet-pack")]
public sealed class DotNetPackTask : PipelineTask<DotNetPackSettings>
{
    /// <inheritdoc />
    public override async Task RunAsync(StepContext context, DotNetPackSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var version = settings.Version is null ? null : ParseVersion(settings.Version);
        List<string> common = ["-c", settings.Configuration, "-o", settings.Output, "--nologo"];
        if (version is not null)
        {
            common.Add($"-p:Version={version.ToNormalizedString()}");
            context.Log.Info($"version {version.ToNormalizedString()}");
        }

        common.AddRange(DotNetCli.Properties(settings.Properties));
        foreach (var runtime in (IEnumerable<string?>)[null, .. settings.Runtimes ?? []])
        {
            List<string> arguments = ["pack", settings.Project, .. common];
            if (runtime is not null)
            {
                arguments.AddRange(["-r", runtime]);
            }

            var exitCode = await DotNetCli.RunAsync(context.Workspace, arguments, cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {settings.Project}{(runtime is null ? "" : $" -r {runtime}")} failed (exit code {exitCode}); see the step log");
            }
        }
    }

    internal static NuGetVersion ParseVersion(string text) =>
        NuGetVersion.TryParseStrict(text, out var version)
            ? version
            : throw new FormatException($"with.version: '{text}' is not a SemVer 2.0 version; write e.g. 1.2.3 or 1.2.3-beta.1");
}
