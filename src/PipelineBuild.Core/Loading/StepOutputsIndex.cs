using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading;

/// <summary>
/// The expanded outputs of every step, for <c>${{ steps.&lt;id&gt;.outputs }}</c>. A matrix step's plain
/// id (<c>train.fit</c>) stands for all of its cells.
/// </summary>
internal sealed class StepOutputsIndex
{
    private readonly IReadOnlyList<StepCell> _cells;

    // Built on the first look-up: most pipelines never use 'steps.', and then the index is never needed.
    private Dictionary<string, List<string>>? _cellsById;
    private Dictionary<string, IReadOnlyList<OutputSpec>>? _outputs;

    /// <summary>An index of <paramref name="cells"/>, which must be complete before the first look-up.</summary>
    public StepOutputsIndex(IReadOnlyList<StepCell> cells)
    {
        _cells = cells;
    }

    public IEnumerable<string> Ids => CellsById().Keys;

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
            foreach (var cell in _cells)
            {
                Index(cell.Id, cell.Draft.BaseId, cell.Outputs);
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
