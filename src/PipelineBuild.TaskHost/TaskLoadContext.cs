using System.Reflection;
using System.Runtime.Loader;

namespace PipelineBuild.TaskHost;

/// <summary>
/// A collectible load context for one task assembly and its dependencies, resolved from its own
/// <c>.deps.json</c>, so a task's packages never clash with the host's. Only the SDK is shared with the
/// host: that is what makes the task's <c>IPipelineTask</c> the host's <c>IPipelineTask</c>.
/// </summary>
internal sealed class TaskLoadContext : AssemblyLoadContext
{
    private static readonly string SdkName = typeof(Sdk.IPipelineTask).Assembly.GetName().Name!;
    private readonly AssemblyDependencyResolver _resolver;

    public TaskLoadContext(string assemblyPath)
        : base($"task:{Path.GetFileNameWithoutExtension(assemblyPath)}", isCollectible: true)
    {
        _resolver = new AssemblyDependencyResolver(assemblyPath);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (string.Equals(assemblyName.Name, SdkName, StringComparison.Ordinal))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
