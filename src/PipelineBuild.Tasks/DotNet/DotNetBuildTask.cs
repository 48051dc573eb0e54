using PipelineBuild.Sdk;

namespace PipelineBuild.Tasks.DotNet;

/// <summary>Settings of <c>dotnet-build</c>.</summary>
/// <param name="Project">The project or solution, workspace-relative.</param>
/// <param name="Configuration">The build configuration.</param>
/// <param name="Output">An output folder (<c>-o</c>), for a project.</param>
/// <param name="Properties">MSBuild properties (<c>-p:Name=Value</c>).</param>
/// <param name="Arguments">Further arguments, as written.</param>
public sealed record DotNetBuildSettings(
    string Project,
    string Configuration = "Release",
    string? Output = null,
    IReadOnlyDictionary<string, string>? Properties = null,
    IReadOnlyList<string>? Arguments = null);

/// <summary><c>dotnet-build</c>: <c>dotnet build</c> of a project or solution; a failed build fails the step.</summary>
[TaskName("dotnet-build")]
public sealed class DotNetBuildTask : PipelineTask<DotNetBuildSettings>
{
    /// <inheritdoc />
    public override async Task RunAsync(StepContext context, DotNetBuildSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        List<string> arguments = ["build", settings.Project, "-c", settings.Configuration, "--nologo"];
        if (settings.Output is not null)
        {
            arguments.AddRange(["-o", settings.Output]);
        }

        arguments.AddRange(DotNetCli.Properties(settings.Properties));
        arguments.AddRange(settings.Arguments ?? []);
        var exitCode = await DotNetCli.RunAsync(context.Workspace, arguments, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build {settings.Project} failed (exit code {exitCode}); the errors are above and in the step log");
        }
    }
}
