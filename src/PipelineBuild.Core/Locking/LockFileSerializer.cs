using System.Text;
using System.Text.Json;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Locking;

/// <summary>
/// Reads and writes <c>&lt;pipeline&gt;.lock</c>: indented JSON, keys in ordinal order, one value per
/// line, so a diff in git shows exactly which step, input or output changed.
/// </summary>
public static class LockFileSerializer
{
    /// <summary>The largest lock file read (a larger one is ignored: every step is decided afresh).</summary>
    public const long MaxBytes = 256L << 20;

    public static LockFile Read(string path, string pipeline, Action<string> warn)
    {
        var kind = FileKinds.Of(path);
        if (kind == FileKind.Missing)
        {
            return LockFile.Empty(pipeline);
        }

        // A link (to /dev/zero, say), a FIFO or a device in its place would be read forever or block the run.
        using var stream = TryOpen(path);
        if (stream is null)
        {
            return WarnUnreadable(path, pipeline, kind, warn);
        }

        try
        {
            var (schema, steps) = new LockFileReader(stream).Read();
            if (schema != LockFile.Schema)
            {
                warn(PipelineDiagnostic.Warning(CacheCodes.LockFileOtherSchema, SourceLocation.None(path), $"lock file schema {schema} is not {LockFile.Schema}", "every step is decided afresh (the cache still restores what it can)").ToString());
                return LockFile.Empty(pipeline);
            }

            return new LockFile(pipeline, steps);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            warn(PipelineDiagnostic.Warning(CacheCodes.LockFileDamaged, SourceLocation.None(path), $"the lock file is damaged ({e.Message})", "every step is decided afresh (the cache still restores what it can)").ToString());
            return LockFile.Empty(pipeline);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return WarnUnreadable(path, pipeline, kind, warn);
        }
    }

    private static LockFile WarnUnreadable(string path, string pipeline, FileKind kind, Action<string> warn)
    {
        warn(PipelineDiagnostic.Warning(CacheCodes.LockFileDamaged, SourceLocation.None(path), $"the lock file {Unreadable(kind)}", "every step is decided afresh (the cache still restores what it can), and the run writes a regular lock file in its place").ToString());
        return LockFile.Empty(pipeline);
    }

    private static string Unreadable(FileKind kind) => kind switch
    {
        FileKind.SymbolicLink => "is a link, not a regular file",
        FileKind.Directory => "is a folder, not a file",
        FileKind.Special => "is a FIFO, socket or device, not a regular file",
        _ => $"cannot be read or is larger than {MaxBytes >> 20} MiB",
    };

    /// <summary>The lock file opened without following a link, when it is a regular file of at most <see cref="MaxBytes"/>; else null.</summary>
    internal static FileStream? TryOpen(string path)
    {
        FileStream? stream = null;
        try
        {
            stream = RegularFile.TryOpenRead(path);
            if (stream is not null && stream.Length <= MaxBytes)
            {
                return stream;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        stream?.Dispose();
        return null;
    }

    public static void Write(string path, LockFile lockFile)
    {
        try
        {
            AtomicFile.Write(path, stream => WriteTo(stream, lockFile), durable: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PipelineException(PipelineDiagnostic.Error(CacheCodes.LockFileNotWritten, SourceLocation.None(path), $"cannot write the lock file: {IoErrorText.Describe(e)}", "check free space and permissions"), ExitCodes.StepFailed, e);
        }
    }

    public static string ToText(LockFile lockFile)
    {
        using var stream = new MemoryStream();
        WriteTo(stream, lockFile);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteTo(Stream stream, LockFile lockFile)
    {
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schema", LockFile.Schema);
            writer.WriteString("pipeline", lockFile.Pipeline);
            writer.WriteStartObject("steps");
            foreach (var (id, entry) in lockFile.Steps.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(id);
                writer.WriteString("fingerprint", entry.Fingerprint.Hex);
                writer.WriteString("definition", entry.Definition.Hex);
                if (entry.Image is not null)
                {
                    writer.WriteString("image", entry.Image);
                }

                if (entry.TaskAssembly is not null)
                {
                    writer.WriteString("taskAssembly", entry.TaskAssembly);
                }

                if (entry.Kernel is not null)
                {
                    writer.WriteString("kernel", entry.Kernel);
                }

                WriteMap(writer, "params", entry.Params.Select(p => (p.Key, p.Value)));
                WriteMap(writer, "inputs", entry.Inputs.Select(p => (p.Key, p.Value.Hex)));
                WriteMap(writer, "outputs", entry.Outputs.Select(p => (p.Key, p.Value.Hex)));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IEnumerable<(string Key, string Value)> items)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in items.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }
}
