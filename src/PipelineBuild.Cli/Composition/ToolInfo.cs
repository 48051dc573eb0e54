using System.Reflection;

namespace PipelineBuild.Cli.Composition;

/// <summary>The tool's own version, as recorded with every run and artifact.</summary>
internal static class ToolInfo
{
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
