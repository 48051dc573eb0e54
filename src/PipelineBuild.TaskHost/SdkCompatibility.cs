using System.Reflection;

namespace PipelineBuild.TaskHost;

/// <summary>A task assembly built against a newer SDK than the host's would fail later with MissingMethodException; say so up front.</summary>
internal static class SdkCompatibility
{
    public static void Check(Assembly taskAssembly)
    {
        var host = typeof(Sdk.IPipelineTask).Assembly.GetName();
        var referenced = taskAssembly.GetReferencedAssemblies().FirstOrDefault(a => string.Equals(a.Name, host.Name, StringComparison.Ordinal));
        if (referenced?.Version is { } wanted && host.Version is { } have && wanted > have)
        {
            throw new TaskHostException(
                $"{taskAssembly.GetName().Name} is built against PipelineBuild.Sdk {wanted}, but this tool has {have}; update the tool (dotnet tool update PipelineBuild.Tool) or reference PipelineBuild.Sdk {have}");
        }
    }
}
