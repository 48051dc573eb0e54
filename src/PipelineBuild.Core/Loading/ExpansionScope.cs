using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading;

/// <summary>What <c>${{ … }}</c> can see at one place of the file, and what the expansions there referenced.</summary>
internal sealed class ExpansionScope
{
    // Created on first use: most scalars hold no expression, and a scope is made per step and pass.
    private SortedSet<string>? _referencedParams;
    private List<NeedReference>? _needs;
    private SortedSet<string>? _referencedSecrets;

    public required ParamSet Params { get; init; }

    /// <summary>Resolves <c>env.X</c>; null when X is unknown.</summary>
    public required Func<string, string?> Env { get; init; }

    /// <summary>Whether <c>env.X</c> names a secret.</summary>
    public Func<string, bool> IsSecret { get; init; } = static _ => false;

    /// <summary>The matrix cell of the step; null outside a matrix step.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Matrix { get; init; }

    /// <summary>Other steps' outputs; null where <c>steps.&lt;id&gt;.outputs</c> may not be used.</summary>
    public StepOutputsIndex? Steps { get; init; }

    /// <summary>The step being expanded: a reference to its own outputs adds no need.</summary>
    public string? CurrentStepId { get; init; }

    /// <summary>Why <c>steps.</c> is unavailable here, for the message.</summary>
    public string StepsUnavailableReason { get; init; } = "here";

    /// <summary>The params the expansions used, in ordinal order.</summary>
    public IReadOnlyCollection<string> ReferencedParams => _referencedParams ?? (IReadOnlyCollection<string>)[];

    /// <summary>The secrets the expansions used, in ordinal order.</summary>
    public IReadOnlyCollection<string> ReferencedSecrets => _referencedSecrets ?? (IReadOnlyCollection<string>)[];

    public IReadOnlyList<NeedReference> Needs => _needs ?? (IReadOnlyList<NeedReference>)[];

    public void ReferenceParam(string name) => (_referencedParams ??= new(StringComparer.Ordinal)).Add(name);

    public void ReferenceSecret(string name) => (_referencedSecrets ??= new(StringComparer.Ordinal)).Add(name);

    /// <summary>Adds the params and secrets another scope referenced, e.g. a step's env scope to its outputs scope.</summary>
    public void ReferenceParams(ExpansionScope other)
    {
        foreach (var name in other.ReferencedParams)
        {
            ReferenceParam(name);
        }

        foreach (var name in other.ReferencedSecrets)
        {
            ReferenceSecret(name);
        }
    }

    public void AddNeed(string stepId, SourceLocation location)
    {
        if (string.Equals(stepId, CurrentStepId, StringComparison.Ordinal))
        {
            return;
        }

        _needs ??= [];
        if (!_needs.Exists(n => string.Equals(n.Target, stepId, StringComparison.Ordinal)))
        {
            _needs.Add(new NeedReference(stepId, location));
        }
    }
}
