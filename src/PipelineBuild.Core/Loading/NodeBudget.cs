using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Loading;

/// <summary>
/// Caps how many nodes a load may visit. Aliases share nodes, so a tiny file can stand for billions
/// of them ("billion laughs"); every walk over the tree spends from this one budget.
/// </summary>
internal sealed class NodeBudget
{
    public const int DefaultLimit = 1_000_000;

    private readonly DiagnosticBag _diagnostics;
    private readonly long _limit;
    private long _remaining;
    private bool _reported;

    public NodeBudget(DiagnosticBag diagnostics, long limit = DefaultLimit)
    {
        _diagnostics = diagnostics;
        _limit = limit;
        _remaining = limit;
    }

    public bool IsExhausted => _remaining < 0;

    /// <summary>Spends one node; false (with one diagnostic per load) once the budget is gone.</summary>
    public bool Spend(SourceLocation location, int count = 1)
    {
        _remaining -= count;
        if (_remaining >= 0)
        {
            return true;
        }

        if (!_reported)
        {
            _reported = true;
            _diagnostics.Error(
                LoaderCodes.TooLarge,
                location,
                $"the document expands to more than {_limit:N0} nodes through aliases",
                "remove the aliases that repeat large values (an alias bomb expands exponentially)");
        }

        return false;
    }
}
