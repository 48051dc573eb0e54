using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading;

/// <summary>
/// The expanded outputs of every step, for <c>${{ steps.&lt;id&gt;.outputs }}</c>. A matrix step's plain
/// id (<c>train.fit</c>) stands for all of its cells.
/// </summary>
internal sealed class StepOutputsIndex
{
    private readonly Dictionary<string, List<string>> _cellsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<OutputSpec>> _outputs = new(StringComparer.Ordinal);

    public IEnumerable<string> Ids => _cellsById.Keys;

    public void Add(string id, string baseId, IReadOnlyList<OutputSpec> outputs)
    {
        _outputs[id] = outputs;
        Cells(id).Add(id);
        if (!string.Equals(id, baseId, StringComparison.Ordinal))
        {
            Cells(baseId).Add(id);
        }
    }

    /// <summary>The step ids <paramref name="id"/> stands for and their outputs as written (folders keep their <c>/</c>).</summary>
    public bool TryGet(string id, out IReadOnlyList<string> stepIds, out string outputsText)
    {
        if (!_cellsById.TryGetValue(id, out var cells))
        {
            stepIds = [];
            outputsText = string.Empty;
            return false;
        }

        stepIds = cells;
        outputsText = string.Join(' ', cells.SelectMany(c => _outputs[c]).Select(o => o.ToString()));
        return true;
    }

    private List<string> Cells(string id)
    {
        if (!_cellsById.TryGetValue(id, out var cells))
        {
            cells = [];
            _cellsById[id] = cells;
        }

        return cells;
    }
}
