namespace PipelineBuild.Cli.Tests.Architecture;

/// <summary>
/// The folders of Core and of the CLI are layers: a folder uses only the folders below it, so there
/// is no import cycle and each layer can be understood (and replaced) with what lies beneath it.
/// A new folder must be placed in these lists; a use that points upwards fails with the type that makes it.
/// </summary>
public sealed class LayerTests
{
    /// <summary>Core, lowest first. A folder's sub-folders (<c>Artifacts.Publishing</c>) belong to its layer.</summary>
    private static readonly string[][] CoreLayers =
    [
        ["Diagnostics"],
        ["Workspace"],
        ["Hashing"],
        ["Yaml"],
        ["Model"],
        ["Loading"],
        ["Graph"],
        ["Caching"],
        ["Locking"],
        ["Planning"],
        ["Execution"],
        ["Runs"],
        ["Artifacts"],
        ["Recording"],
        ["Monitoring"],
        ["Sessions"],
        ["Experiments"],
    ];

    /// <summary>The CLI, lowest first; "" is the root namespace (<c>CliApp</c>, <c>Program</c>).</summary>
    private static readonly string[][] CliLayers =
    [
        ["Guidance"],
        ["Rendering"],
        ["Ci"],
        ["Composition"],
        ["Serving"],
        ["Experiments"],
        ["Pictures"],
        ["Dependencies"],
        ["Commands"],
        [""],
    ];

    /// <summary>The Kubernetes executor and export, lowest first; "" holds the code catalogue.</summary>
    private static readonly string[][] KubernetesLayers =
    [
        [""],
        ["Argo"],
        ["Manifests"],
        ["Jobs"],
        ["Export", "Config", "Api"],
        ["Execution"],
    ];

    [Fact]
    public void Should_let_each_Kubernetes_folder_use_only_the_folders_below_it()
    {
        // Given
        var graph = NamespaceGraph.Read(typeof(Kubernetes.KubernetesCodes).Assembly.Location, "PipelineBuild.Kubernetes");

        // When
        var violations = UpwardUses(graph, KubernetesLayers);

        // Then
        Assert.True(violations.Count == 0, "the Kubernetes project's layers are, lowest first: " + Order(KubernetesLayers) + "\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Should_let_each_Core_folder_use_only_the_folders_below_it()
    {
        // Given
        var graph = NamespaceGraph.Read(typeof(Core.Sessions.PipelineSession).Assembly.Location, "PipelineBuild.Core");

        // When
        var violations = UpwardUses(graph, CoreLayers);

        // Then
        Assert.True(violations.Count == 0, "Core's layers are, lowest first: " + Order(CoreLayers) + "\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Should_let_each_Cli_folder_use_only_the_folders_below_it()
    {
        // Given
        var graph = NamespaceGraph.Read(typeof(CliApp).Assembly.Location, "PipelineBuild.Cli");

        // When
        var violations = UpwardUses(graph, CliLayers);

        // Then
        Assert.True(violations.Count == 0, "the CLI's layers are, lowest first: " + Order(CliLayers) + "\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Should_find_no_import_cycle_between_any_two_namespaces_of_Core_the_Cli_or_Kubernetes()
    {
        // Given
        var core = NamespaceGraph.Read(typeof(Core.Sessions.PipelineSession).Assembly.Location, "PipelineBuild.Core");
        var cli = NamespaceGraph.Read(typeof(CliApp).Assembly.Location, "PipelineBuild.Cli");
        var kubernetes = NamespaceGraph.Read(typeof(Kubernetes.KubernetesCodes).Assembly.Location, "PipelineBuild.Kubernetes");

        // When
        var cycles = NamespaceCycles.Find(core).Concat(NamespaceCycles.Find(cli)).Concat(NamespaceCycles.Find(kubernetes)).ToList();

        // Then
        Assert.True(cycles.Count == 0, "import cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void Should_report_a_use_that_points_upwards()
    {
        // Given: the CLI's own graph, checked against the order turned upside down
        var graph = NamespaceGraph.Read(typeof(CliApp).Assembly.Location, "PipelineBuild.Cli");

        // When
        var violations = UpwardUses(graph, CliLayers.Reverse().ToArray());

        // Then
        Assert.Contains(violations, v => v.StartsWith("Commands uses Composition", StringComparison.Ordinal));
    }

    private static List<string> UpwardUses(NamespaceGraph graph, string[][] layers)
    {
        var violations = new List<string>();
        foreach (var node in graph.Nodes.Order(StringComparer.Ordinal))
        {
            var from = LayerOf(node, layers);
            if (from < 0)
            {
                violations.Add($"{Display(node)} is in no layer: place its folder in the list");
                continue;
            }

            foreach (var (used, witness) in graph.UsesOf(node).OrderBy(u => u.Key, StringComparer.Ordinal))
            {
                var to = LayerOf(used, layers);
                if (to > from || (to == from && !SameFolder(node, used, layers[from])))
                {
                    violations.Add($"{Display(node)} uses {Display(used)} (in {witness}), which is not below it");
                }
            }
        }

        return violations;
    }

    private static int LayerOf(string node, string[][] layers) =>
        Array.FindIndex(layers, layer => layer.Any(folder => IsIn(node, folder)));

    private static bool SameFolder(string a, string b, string[] layer) =>
        layer.Any(folder => IsIn(a, folder) && IsIn(b, folder));

    private static bool IsIn(string node, string folder) =>
        folder.Length == 0 ? node.Length == 0 : string.Equals(node, folder, StringComparison.Ordinal) || node.StartsWith(folder + ".", StringComparison.Ordinal);

    private static string Display(string node) => node.Length == 0 ? "(root)" : node;

    private static string Order(string[][] layers) => string.Join(" < ", layers.Select(l => string.Join("|", l.Select(Display))));
}
