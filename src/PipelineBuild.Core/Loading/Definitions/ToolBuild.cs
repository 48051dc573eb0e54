using System.Globalization;
using System.Reflection;

namespace PipelineBuild.Core.Loading.Definitions;

/// <summary>
/// Names the build of the running tool, so that a definition cached by another build is never trusted:
/// the informational version, the module version id of the loader's assembly (new with every compile of
/// changed code) and, for a native executable, its size and modification time.
/// </summary>
public static class ToolBuild
{
    private static readonly Lazy<string> LazyId = new(Describe);

    public static string Id => LazyId.Value;

    private static string Describe()
    {
        var assembly = typeof(ToolBuild).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        return $"{version};{ModuleId(assembly)};{Executable()}";
    }

    private static string ModuleId(Assembly assembly)
    {
        try
        {
            return assembly.ManifestModule.ModuleVersionId.ToString("N");
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
        {
            return "-";
        }
    }

    private static string Executable()
    {
        var path = Environment.ProcessPath;
        if (path is null)
        {
            return "-";
        }

        try
        {
            var info = new FileInfo(path);
            return string.Create(CultureInfo.InvariantCulture, $"{info.Length}@{info.LastWriteTimeUtc.Ticks}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "-";
        }
    }
}
