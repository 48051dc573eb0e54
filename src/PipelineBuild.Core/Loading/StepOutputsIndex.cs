using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading;

/// <summary>
/// The expanded outputs of every step, for <c>${{ steps.&lt;id&gt;.outputs }}</c>. A matrix step's plain
/// id (<c>train.fit</c>) stands for all of its cells.
/// </summary>
internal sealed class StepOutputsIndex
{
    private readonly List<(string Id, string BaseId, IReadOnlyList<OutputSpec> Outputs)> _added = [];

    // Built on the first look-up: most pipelines never use 'steps.', and then the index is never needed.
    private Dictionary<string, List<string>>? _cellsById;
    private Dictionary<string, IReadOnlyList<OutputSpec>>? _outputs;

    public IEnumerable<string> Ids => CellsById().Keys;

    public void Add(string id, string baseId, IReadOnlyList<OutputSpec> outputs)
    {
        _added.Add((id, baseId, outputs));
        if (_cellsById is not null)
        {
            Index(id, baseId, outputs);
        }
    }

    /// <summary>The step ids <paramref name="id"/> stands for and their outputs as written (folders keep their <c>/</c>).</summary>
    public bool TryGet(string id, out IReadOnlyList<string> stepIds, out string outputsText)
    {
        if (!CellsById().TryGetValue(id, out var cells))
        {
            stepIds = [];
            outputsText = string.Empty;
            return false;
        }

        stepIds = cells;
        outputsText = string.Join(' ', cells.SelectMany(c => _outputs![c]).Select(o => o.ToString()));
        return true;
    }

    private Dictionary<string, List<string>> CellsById()
    {
        if (_cellsById is null)
        {
            _cellsById = new(StringComparer.Ordinal);
            _outputs = new(StringComparer.Ordinal);
            foreach (var (id, baseId, outputs) in _added)
            {
                Index(id, baseId, outputs);
            }
        }

        return _cellsById;
    }

    private void Index(string id, string baseId, IReadOnlyList<OutputSpec> outputs)
    {
        _outputs![id] = outputs;
        Cells(id).Add(id);
        if (!string.Equals(id, baseId, StringComparison.Ordinal))
        {
            Cells(baseId).Add(id);
        }
    }

    private List<string> Cells(string id)
    {
        if (!_cellsById!.TryGetValue(id, out var cells))
        {
            cells = [];
            _cellsById[id] = cells;
        }

        return cells;
    }
}
