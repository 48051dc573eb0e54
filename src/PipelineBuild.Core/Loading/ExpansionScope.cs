using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading;

/// <summary>What <c>${{ … }}</c> can see at one place of the file, and what the expansions there referenced.</summary>
internal sealed class ExpansionScope
{
    public required ParamSet Params { get; init; }

    /// <summary>Resolves <c>env.X</c>; null when X is unknown.</summary>
    public required Func<string, string?> Env { get; init; }

    /// <summary>The matrix cell of the step; null outside a matrix step.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Matrix { get; init; }

    /// <summary>Other steps' outputs; null where <c>steps.&lt;id&gt;.outputs</c> may not be used.</summary>
    public StepOutputsIndex? Steps { get; init; }

    /// <summary>The step being expanded: a reference to its own outputs adds no need.</summary>
    public string? CurrentStepId { get; init; }

    /// <summary>Why <c>steps.</c> is unavailable here, for the message.</summary>
    public string StepsUnavailableReason { get; init; } = "here";

    public SortedSet<string> ReferencedParams { get; } = new(StringComparer.Ordinal);

    public List<NeedReference> Needs { get; } = [];

    public void AddNeed(string stepId, SourceLocation location)
    {
        if (!string.Equals(stepId, CurrentStepId, StringComparison.Ordinal) &&
            !Needs.Exists(n => string.Equals(n.Target, stepId, StringComparison.Ordinal)))
        {
            Needs.Add(new NeedReference(stepId, location));
        }
    }
}
