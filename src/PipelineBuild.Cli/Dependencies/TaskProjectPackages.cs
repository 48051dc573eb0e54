using System.Text.Json;

namespace PipelineBuild.Cli.Dependencies;

/// <summary>
/// The NuGet packages of a task project from its restore's <c>obj/project.assets.json</c>: every package the restore
/// resolved, direct references first; null when the project was never restored (the first run does it).
/// </summary>
internal static class TaskProjectPackages
{
    public static IReadOnlyList<PackageDependency>? Read(string projectFile)
    {
        var assets = Path.Combine(Path.GetDirectoryName(projectFile)!, "obj", "project.assets.json");
        if (!File.Exists(assets))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(assets));
        var root = document.RootElement;
        var direct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("project", out var project) && project.TryGetProperty("frameworks", out var frameworks) && frameworks.ValueKind == JsonValueKind.Object)
        {
            foreach (var framework in frameworks.EnumerateObject())
            {
                if (framework.Value.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Object)
                {
                    direct.UnionWith(dependencies.EnumerateObject().Select(d => d.Name));
                }
            }
        }

        var packages = new List<PackageDependency>();
        if (root.TryGetProperty("libraries", out var libraries) && libraries.ValueKind == JsonValueKind.Object)
        {
            foreach (var library in libraries.EnumerateObject())
            {
                var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0 || !library.Value.TryGetProperty("type", out var type) || type.GetString() != "package")
                {
                    continue;
                }

                var id = library.Name[..slash];
                packages.Add(new PackageDependency(id, library.Name[(slash + 1)..], direct.Contains(id)));
            }
        }

        return [.. packages.OrderByDescending(p => p.Direct).ThenBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Version, StringComparer.Ordinal)];
    }
}
