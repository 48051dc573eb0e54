using System.Collections.ObjectModel;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Model;

/// <summary>A step after loading: expressions expanded, matrix applied, paths normalized. Immutable.</summary>
public sealed record StepDefinition
{
    /// <summary><c>stage.step</c>, or <c>stage.step[lr=0.1,depth=3]</c> for a matrix cell.</summary>
    public required string Id { get; init; }

    public required string Stage { get; init; }

    public required string Name { get; init; }

    public required StepKind Kind { get; init; }

    /// <summary>The expanded <c>run</c> command; null for task steps.</summary>
    public string? Command { get; init; }

    /// <summary>The shell of a host step (<c>bash</c> by default).</summary>
    public string? Shell { get; init; }

    /// <summary>The task name of a task step.</summary>
    public string? Task { get; init; }

    /// <summary>The expanded <c>with</c> map of a task step.</summary>
    public MapValue With { get; init; } = MapValue.Empty;

    /// <summary>The workspace-relative path of a notebook step's <c>.ipynb</c>.</summary>
    public string? Notebook { get; init; }

    /// <summary>The Jupyter kernel of a notebook step (<c>python3</c> by default).</summary>
    public string? Kernel { get; init; }

    /// <summary>The format a notebook step's executed notebook is also exported to (<c>html</c>), or null.</summary>
    public string? Export { get; init; }

    /// <summary>Pipeline env merged with step env, expanded; what the step adds to the inherited environment.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The secrets the step's expressions use: in <c>run</c> referenced as variables, in <c>env</c> and <c>with</c> values; fingerprinted by name.</summary>
    public SecretSet Secrets { get; init; } = SecretSet.Empty;

    /// <summary>The image name (from <c>images:</c>) or reference of a container step.</summary>
    public string? Image { get; init; }

    public IReadOnlyList<InputSpec> Inputs { get; init; } = [];

    /// <summary>
    /// Globs written <c>"!pattern"</c> under <c>inputs</c>: files they match are left out of the step's
    /// folder and glob inputs (build output such as <c>**/obj/**</c>), as in GitHub Actions' <c>paths</c>.
    /// </summary>
    public IReadOnlyList<string> InputExclusions { get; init; } = [];

    public IReadOnlyList<OutputSpec> Outputs { get; init; } = [];

    public IReadOnlyList<string> Metrics { get; init; } = [];

    /// <summary>The step's <c>plots:</c>; their files are among <see cref="Outputs"/>.</summary>
    public IReadOnlyList<PlotDefinition> Plots { get; init; } = [];

    /// <summary>Every param that enters the fingerprint: those referenced by expressions and those listed under <c>params:</c>. Ordinal order.</summary>
    public IReadOnlyList<string> Params { get; init; } = [];

    public IReadOnlyList<NeedReference> Needs { get; init; } = [];

    public TimeSpan? Timeout { get; init; }

    public int Retries { get; init; }

    /// <summary><c>cache: false</c> always runs the step.</summary>
    public bool Cache { get; init; } = true;

    /// <summary><c>frozen: true</c>: the step never runs; its recorded outputs are still checked (and restored from the cache when missing).</summary>
    public bool Frozen { get; init; }

    public string? Network { get; init; }

    public ResourceLimits? Resources { get; init; }

    /// <summary>
    /// Where the step runs: its own <c>executor:</c>, else its stage's, else <c>run --executor</c>, else the pipeline's;
    /// always <see cref="Executor.Local"/> for host, .NET task and notebook steps. Not part of the fingerprint: a step gives the same bytes wherever it runs.
    /// </summary>
    public Executor Executor { get; init; }

    /// <summary><c>placement:</c> constraints a cluster executor schedules the step by (<c>node.labels.gpu==true</c>), in order.</summary>
    public IReadOnlyList<string> Placement { get; init; } = [];

    /// <summary>The matrix cell of an expanded step, in declaration order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Matrix { get; init; } = [];

    public required SourceLocation Location { get; init; }
}
