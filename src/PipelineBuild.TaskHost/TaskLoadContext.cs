using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace PipelineBuild.TaskHost;

/// <summary>
/// A collectible load context for one task assembly and its dependencies, resolved from its own
/// <c>.deps.json</c>, so a task's packages never clash with the host's. Only the SDK is shared with the
/// host: that is what makes the task's <c>IPipelineTask</c> the host's <c>IPipelineTask</c>. The resolver (what
/// <c>.deps.json</c> maps each name to: paths, not loaded code) is read once per task assembly for the host's life,
/// which is one run (a kept host reads it again for each run); every context still loads its own copy of each assembly.
/// </summary>
internal sealed class TaskLoadContext : AssemblyLoadContext
{
    private static readonly string SdkName = typeof(Sdk.IPipelineTask).Assembly.GetName().Name!;
    private static readonly ConcurrentDictionary<string, AssemblyDependencyResolver> Resolvers = new(StringComparer.Ordinal);
    private readonly AssemblyDependencyResolver _resolver;

    public TaskLoadContext(string assemblyPath)
        : base($"task:{Path.GetFileNameWithoutExtension(assemblyPath)}", isCollectible: true)
    {
        _resolver = Resolvers.GetOrAdd(assemblyPath, path => new AssemblyDependencyResolver(path));
    }

    /// <summary>A kept host, at each tool's connection: a task project rebuilt since may map its dependencies elsewhere.</summary>
    public static void ForgetResolvers() => Resolvers.Clear();

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
