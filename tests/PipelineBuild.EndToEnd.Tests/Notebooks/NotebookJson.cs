using System.Text.Json;

namespace PipelineBuild.EndToEnd.Tests.Notebooks;

/// <summary>Writes and reads small nbformat 4 notebooks for the tests (code cells; the first may be tagged <c>parameters</c>).</summary>
internal static class NotebookJson
{
    public static string Code(params (string Source, string? Tag)[] cells)
    {
        var list = cells.Select((cell, i) => new Dictionary<string, object?>
        {
            ["cell_type"] = "code",
            ["id"] = $"cell-{i + 1}",
            ["execution_count"] = null,
            ["metadata"] = cell.Tag is null ? new Dictionary<string, object>() : new Dictionary<string, object> { ["tags"] = new[] { cell.Tag } },
            ["outputs"] = Array.Empty<object>(),
            ["source"] = cell.Source,
        });
        var notebook = new Dictionary<string, object>
        {
            ["cells"] = list.ToList(),
            ["metadata"] = new Dictionary<string, object> { ["kernelspec"] = new Dictionary<string, string> { ["name"] = "python3", ["display_name"] = "Python 3", ["language"] = "python" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return JsonSerializer.Serialize(notebook);
    }

    /// <summary>Each cell of an executed notebook: its tags, source and the text of its stream outputs.</summary>
    public static IReadOnlyList<(string[] Tags, string Source, string Output)> Cells(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("cells").EnumerateArray().Select(cell => (
            cell.GetProperty("metadata").TryGetProperty("tags", out var tags) ? tags.EnumerateArray().Select(t => t.GetString()!).ToArray() : [],
            Text(cell.GetProperty("source")),
            cell.TryGetProperty("outputs", out var outputs)
                ? string.Concat(outputs.EnumerateArray().Where(o => o.TryGetProperty("text", out _)).Select(o => Text(o.GetProperty("text"))))
                : "")).ToList();
    }

    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? string.Concat(value.EnumerateArray().Select(v => v.GetString())) : value.GetString() ?? "";
}
