using System.Text;

namespace PipelineBuild.Core.Workspace.Watching;

/// <summary>
/// What the tool and the journal process say over their socket, one question and one answer at a time
/// (<see cref="BinaryWriter"/> framing: strings length-prefixed UTF-8). Question: the protocol's name, the token's
/// instance (16 bytes) and sequence, the roots. Answer: the instance, the sequence, the count of changed paths (-1:
/// unknown) and the paths. Whatever is read is checked: counts bounded, every root and path a plain relative path.
/// </summary>
internal static class JournalProtocol
{
    private const string Name = "pipelinebuild-fs-journal 1";
    private const int MaxRoots = 4096;
    private const int MaxPaths = 1 << 22;

    public static void WriteQuestion(Stream stream, Guid instance, long since, IReadOnlyList<string> roots)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Name);
        writer.Write(instance.ToByteArray());
        writer.Write(since);
        writer.Write(roots.Count);
        foreach (var root in roots)
        {
            writer.Write(root);
        }

        writer.Flush();
    }

    /// <summary>The next question, or null at the end of the stream or for anything that is not one.</summary>
    public static (Guid Instance, long Since, string[] Roots)? ReadQuestion(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!string.Equals(reader.ReadString(), Name, StringComparison.Ordinal))
            {
                return null;
            }

            var instance = new Guid(reader.ReadBytes(16));
            var since = reader.ReadInt64();
            var count = reader.ReadInt32();
            if (count is < 0 or > MaxRoots)
            {
                return null;
            }

            var roots = new string[count];
            for (var i = 0; i < count; i++)
            {
                roots[i] = reader.ReadString();
            }

            return (instance, since, roots);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException)
        {
            return null;
        }
    }

    public static void WriteAnswer(Stream stream, JournalAnswer answer)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(answer.Instance.ToByteArray());
        writer.Write(answer.Sequence);
        writer.Write(answer.Changed?.Count ?? -1);
        foreach (var path in answer.Changed ?? [])
        {
            writer.Write(path);
        }

        writer.Flush();
    }

    /// <summary>The answer, or null when what came is not one (a changed path that is no plain relative path included).</summary>
    public static JournalAnswer? ReadAnswer(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            var instance = new Guid(reader.ReadBytes(16));
            var sequence = reader.ReadInt64();
            var count = reader.ReadInt32();
            if (count == -1)
            {
                return new JournalAnswer(instance, sequence, null);
            }

            if (count is < 0 or > MaxPaths)
            {
                return null;
            }

            var changed = new List<string>(Math.Min(count, 4096));
            for (var i = 0; i < count; i++)
            {
                var path = reader.ReadString();
                if (path.Length == 0 || !ChangeJournal.IsRootPath(path))
                {
                    return null;
                }

                changed.Add(path);
            }

            return new JournalAnswer(instance, sequence, changed);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException)
        {
            return null;
        }
    }
}
