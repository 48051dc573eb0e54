using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Graph;

/// <summary>
/// Adds the edges that data implies (an output of A is read by B), and reports inputs that
/// nothing provides (PB3004) and steps that read their own output (PB3007).
/// </summary>
internal sealed class DataEdgeFinder
{
    private readonly IReadOnlyList<StepDefinition> _steps;
    private readonly OutputIndex _outputs;
    private readonly PathValidator _paths;
    private readonly EdgeSet _edges;
    private readonly DiagnosticBag _diagnostics;
    private readonly string _root;

    // Reused for every input: the producers are consumed before the next input is looked at.
    private readonly List<OutputEntry> _producers = [];

    public DataEdgeFinder(
        IReadOnlyList<StepDefinition> steps, OutputIndex outputs, PathValidator paths, EdgeSet edges, DiagnosticBag diagnostics, string workspaceRoot)
    {
        _steps = steps;
        _outputs = outputs;
        _paths = paths;
        _edges = edges;
        _diagnostics = diagnostics;
        _root = workspaceRoot;
    }

    public void AddAll()
    {
        for (var i = 0; i < _steps.Count; i++)
        {
            // Indexes rather than foreach: an interface enumerator is an allocation per step.
            var inputs = _steps[i].Inputs;
            for (var j = 0; j < inputs.Count; j++)
            {
                var input = inputs[j];
                var path = _paths.Input(_steps[i], input);
                if (path is null)
                {
                    continue;
                }

                var producers = input.Kind == InputKind.Glob ? GlobProducers(path) : PathProducers(path);
                Connect(i, input, producers);
                if (producers.Count == 0 && !ExistsOnDisk(input, path))
                {
                    ReportMissing(_steps[i], input);
                }
            }
        }
    }

    private List<OutputEntry> PathProducers(string path)
    {
        // Either the input lies in (or is) an output, or the input is a folder that holds outputs.
        _producers.Clear();
        _outputs.AddAtOrAbove(path, _producers);
        _outputs.AddBelow(path, _producers);
        return _producers;
    }

    private List<OutputEntry> GlobProducers(string glob)
    {
        var prefix = WorkspacePath.LiteralPrefix(glob);
        var producers = new List<OutputEntry>();
        _outputs.AddAtOrAbove(prefix, producers);
        var below = new List<OutputEntry>();
        _outputs.AddBelow(prefix, below);
        if (below.Count == 0)
        {
            return producers;
        }

        var matched = Matches(glob, below.Select(o => o.Path));
        producers.AddRange(below.Where(o => o.Spec.IsFolder || matched.Contains(o.Path)));
        return producers;
    }

    private HashSet<string> Matches(string glob, IEnumerable<string> paths)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(glob);
        var result = matcher.Match(_root, paths);
        return result.Files.Select(f => f.Path.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
    }

    private void Connect(int reader, InputSpec input, List<OutputEntry> producers)
    {
        var readsOwn = false;
        foreach (var producer in producers)
        {
            if (producer.Step == reader)
            {
                readsOwn = true;
                continue;
            }

            _edges.Add(producer.Step, reader, new EdgeCause(EdgeCauseKind.Reads, input.Path));
        }

        if (readsOwn)
        {
            var step = _steps[reader];
            _diagnostics.Error(
                GraphCodes.ReadsOwnOutput,
                input.Location,
                $"step '{step.Id}' reads its own output through input '{input.Path}'",
                "a step cannot depend on what it writes; narrow the input (e.g. 'data/raw/' instead of 'data/') or write the output elsewhere");
        }
    }

    private bool ExistsOnDisk(InputSpec input, string path)
    {
        if (input.Kind == InputKind.Glob)
        {
            if (!Directory.Exists(_root))
            {
                return false;
            }

            var matcher = new Matcher(StringComparison.Ordinal);
            matcher.AddInclude(path);
            return matcher.Execute(new DirectoryInfoWrapper(new DirectoryInfo(_root))).HasMatches;
        }

        if (_paths.WasFoundOnDisk(path))
        {
            return true;
        }

        var full = Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));
        return File.Exists(full) || Directory.Exists(full);
    }

    private void ReportMissing(StepDefinition step, InputSpec input)
    {
        var what = input.Kind == InputKind.Glob ? "matches no file and no step's output" : "does not exist and no step produces it";
        _diagnostics.Error(
            GraphCodes.MissingInput,
            input.Location,
            $"input '{input.Path}' of step '{step.Id}' {what}",
            "check the spelling, add the file to the workspace, or add a step that lists it under 'outputs'");
    }
}
