using System.Text.Json;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching.RemoteOnly;

/// <summary>
/// Reads and writes <c>.pipeline/remote-only.json</c>: the workspace's <see cref="RemoteOnlyOutputs"/>. Workspace state,
/// not the lock file: whether bytes are here is this workspace's business. Read as hostile: a file that is not exactly
/// the format is ignored whole, a record <see cref="RemoteOnlyFileCheck"/> refuses is dropped, each with a warning.
/// </summary>
public static class RemoteOnlyStateFile
{
    public const int Schema = 1;

    /// <summary>A bigger file is refused unread: one record per output file is far below this.</summary>
    private const long MaxBytes = 64L << 20;

    public static string PathIn(WorkspaceLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Path.Combine(layout.StateFolder, "remote-only.json");
    }

    /// <param name="stepOf">For a step id: its declared output keys now (empty when the step is gone) and its lock fingerprint.</param>
    public static RemoteOnlyOutputs Read(string path, Func<string, (IReadOnlyCollection<string> Declared, ActionKey? LockFingerprint)> stepOf, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(stepOf);
        ArgumentNullException.ThrowIfNull(warn);
        if (!File.Exists(path))
        {
            return RemoteOnlyOutputs.Empty();
        }

        IReadOnlyList<RemoteOnlyFile> records;
        try
        {
            records = Parse(RegularFile.TryReadAllBytes(path, MaxBytes) ?? throw new FormatException("it is not a regular file of a plausible size"));
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException or UnauthorizedAccessException)
        {
            warn(Warning(path, $"the remote-only state is damaged ({e.Message})"));
            return RemoteOnlyOutputs.Empty();
        }

        var accepted = new List<RemoteOnlyFile>(records.Count);
        foreach (var record in records)
        {
            var (declared, lockFingerprint) = stepOf(record.Step);
            if (RemoteOnlyFileCheck.ProblemOf(record, declared, lockFingerprint) is { } problem)
            {
                warn(Warning(path, $"a remote-only record is refused: {problem}"));
                continue;
            }

            accepted.Add(record);
        }

        return new RemoteOnlyOutputs(accepted);
    }

    /// <summary>Writes <paramref name="outputs"/>, or removes the file when there are none.</summary>
    public static void Write(string path, RemoteOnlyOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.IsEmpty)
        {
            File.Delete(path);
            return;
        }

        AtomicFile.Write(path, stream => WriteTo(stream, outputs.All), durable: true);
    }

    private static void WriteTo(Stream stream, IReadOnlyList<RemoteOnlyFile> files)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteNumber("schema", Schema);
        writer.WriteStartArray("files");
        foreach (var file in files)
        {
            writer.WriteStartObject();
            writer.WriteString("path", file.Path);
            writer.WriteString("step", file.Step);
            writer.WriteString("fingerprint", file.Fingerprint.Hex);
            writer.WriteString("sha256", file.Digest.Hex);
            writer.WriteNumber("size", file.Size);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static List<RemoteOnlyFile> Parse(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 4 });
        var root = document.RootElement;
        Expect(root, JsonValueKind.Object, "the document");
        if (!Names(root).SequenceEqual(["schema", "files"]) || root.GetProperty("schema").ValueKind != JsonValueKind.Number || root.GetProperty("schema").GetInt32() != Schema)
        {
            throw new FormatException($"it is not a schema-{Schema} document with 'schema' and 'files'");
        }

        var files = root.GetProperty("files");
        Expect(files, JsonValueKind.Array, "'files'");
        var records = new List<RemoteOnlyFile>(files.GetArrayLength());
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files.EnumerateArray())
        {
            Expect(file, JsonValueKind.Object, "a record");
            if (!Names(file).SequenceEqual(["path", "step", "fingerprint", "sha256", "size"]))
            {
                throw new FormatException("a record has other fields than path, step, fingerprint, sha256, size");
            }

            var record = new RemoteOnlyFile(
                Text(file, "path"),
                Text(file, "step"),
                new ActionKey(Digest(file, "fingerprint")),
                Digest(file, "sha256"),
                file.GetProperty("size").ValueKind == JsonValueKind.Number ? file.GetProperty("size").GetInt64() : throw new FormatException("a size is not a number"));
            if (!paths.Add(record.Path))
            {
                throw new FormatException($"'{record.Path}' is recorded twice");
            }

            records.Add(record);
        }

        return records;
    }

    private static IEnumerable<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name);

    private static void Expect(JsonElement element, JsonValueKind kind, string what)
    {
        if (element.ValueKind != kind)
        {
            throw new FormatException($"{what} is not a JSON {kind.ToString().ToLowerInvariant()}");
        }
    }

    private static string Text(JsonElement record, string name) =>
        record.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw new FormatException($"a record's '{name}' is not a string");

    private static ContentDigest Digest(JsonElement record, string name) =>
        ContentDigest.TryParse(Text(record, name), out var digest) ? digest : throw new FormatException($"a record's '{name}' is not a SHA-256");

    private static string Warning(string path, string what) =>
        PipelineDiagnostic.Warning(CacheCodes.RemoteOnlyStateDamaged, SourceLocation.None(path), what, "those outputs are restored or run again as needed").ToString();
}
