using System.Buffers;
using System.Text;
using PipelineBuild.Core.Execution;

namespace PipelineBuild.Core.Runs;

/// <summary>
/// The up-to-date steps of one run as one value (<c>run_steps_packed.data</c>), so that a no-op of a large pipeline
/// writes one row instead of one per step. Lossless: every field of each <see cref="StepRecord"/> and its position
/// comes back as the row form would give it (durations in whole milliseconds, start times to the tick). The texts
/// repeated from step to step (reason, reason code, executor…) are stored once; a 64-character lowercase hex
/// fingerprint as its 32 bytes. Read strictly: anything that does not decode exactly is a damaged history.
/// </summary>
internal static class PackedSteps
{
    private const byte Format = 1;
    private const byte NoFingerprint = 0;
    private const byte HexFingerprint = 1;
    private const byte TextFingerprint = 2;
    private const int FingerprintBytes = 32;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>Whether a step of this state is kept packed rather than as its own row.</summary>
    public static bool Holds(StepState state) => state == StepState.UpToDate;

    public static byte[] Pack(IReadOnlyList<(int Position, StepRecord Step)> steps)
    {
        var texts = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = new List<string>();
        foreach (var (_, step) in steps)
        {
            // A span of the texts (on the stack), not a sequence: no array and enumerator for each of 1,000 steps of a no-op.
            ReadOnlySpan<string?> repeated = [StepStateNames.Of(step.State), step.Reason, step.Error, step.ReasonCode, step.Executor, step.Node];
            foreach (var text in repeated)
            {
                if (text is not null && texts.TryAdd(text, table.Count))
                {
                    table.Add(text);
                }
            }
        }

        // Sized for a short id and a hex fingerprint a step (≈ 50 bytes): grown from 256 bytes it would allocate twice its size again.
        using var buffer = new MemoryStream(64 + (64 * steps.Count));
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            writer.Write7BitEncodedInt(table.Count);
            foreach (var text in table)
            {
                writer.Write(text);
            }

            writer.Write7BitEncodedInt(steps.Count);
            foreach (var (position, step) in steps)
            {
                writer.Write7BitEncodedInt(position);
                writer.Write(step.Id);
                WriteText(writer, texts, StepStateNames.Of(step.State));
                WriteText(writer, texts, step.Reason);
                writer.Write7BitEncodedInt64((long)step.Duration.TotalMilliseconds);
                WriteFingerprint(writer, step.Fingerprint);
                WriteOptional(writer, step.ExitCode);
                writer.Write7BitEncodedInt(step.Attempts);
                WriteText(writer, texts, step.Error);
                WriteOptional(writer, step.StartedAt?.UtcTicks);
                WriteText(writer, texts, step.ReasonCode);
                WriteText(writer, texts, step.Executor);
                WriteText(writer, texts, step.Node);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The steps with their positions; <see cref="InvalidDataException"/> when the bytes are not exactly such a value.</summary>
    public static IReadOnlyList<(int Position, StepRecord Step)> Unpack(byte[] data)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data, writable: false), new UTF8Encoding(false, throwOnInvalidBytes: true));
            if (reader.ReadByte() != Format)
            {
                throw Damaged("unknown format");
            }

            var table = new string[Count(reader, data.Length)];
            for (var i = 0; i < table.Length; i++)
            {
                table[i] = reader.ReadString();
            }

            var count = Count(reader, data.Length);
            var steps = new List<(int, StepRecord)>(count);
            for (var i = 0; i < count; i++)
            {
                var position = Count(reader, int.MaxValue);
                var id = reader.ReadString();
                var state = RunStatusNames.ParseStep(Text(reader, table));
                var reason = Text(reader, table);
                var duration = reader.Read7BitEncodedInt64();
                var fingerprint = ReadFingerprint(reader);
                var exitCode = ReadOptional(reader);
                var attempts = Count(reader, int.MaxValue);
                var error = OptionalText(reader, table);
                var started = ReadOptional(reader);
                steps.Add((position, new StepRecord(
                    id,
                    state,
                    reason,
                    TimeSpan.FromMilliseconds(duration),
                    fingerprint,
                    exitCode is { } code ? checked((int)code) : null,
                    attempts,
                    error,
                    started is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null,
                    OptionalText(reader, table),
                    OptionalText(reader, table),
                    OptionalText(reader, table))));
            }

            if (reader.BaseStream.Position != data.Length)
            {
                throw Damaged("trailing bytes");
            }

            return steps;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or OverflowException or ArgumentException or DecoderFallbackException)
        {
            throw Damaged(e.Message);
        }
    }

    private static void WriteText(BinaryWriter writer, Dictionary<string, int> texts, string? text) =>
        writer.Write7BitEncodedInt(text is null ? 0 : texts[text] + 1);

    private static void WriteOptional(BinaryWriter writer, long? value)
    {
        writer.Write(value is not null);
        if (value is { } present)
        {
            writer.Write(present);
        }
    }

    private static void WriteFingerprint(BinaryWriter writer, string? fingerprint)
    {
        if (fingerprint is null)
        {
            writer.Write(NoFingerprint);
        }
        else if (IsLowerHex(fingerprint))
        {
            writer.Write(HexFingerprint);
            Span<byte> bytes = stackalloc byte[FingerprintBytes];
            Convert.FromHexString(fingerprint, bytes, out _, out _);
            writer.Write(bytes);
        }
        else
        {
            writer.Write(TextFingerprint);
            writer.Write(fingerprint);
        }
    }

    private static string? ReadFingerprint(BinaryReader reader) => reader.ReadByte() switch
    {
        NoFingerprint => null,
        HexFingerprint => Convert.ToHexStringLower(Exactly(reader, FingerprintBytes)),
        TextFingerprint => reader.ReadString(),
        _ => throw Damaged("unknown fingerprint tag"),
    };

    private static long? ReadOptional(BinaryReader reader) => reader.ReadByte() switch
    {
        0 => null,
        1 => reader.ReadInt64(),
        _ => throw Damaged("unknown presence flag"),
    };

    private static string Text(BinaryReader reader, string[] table) =>
        OptionalText(reader, table) ?? throw Damaged("missing text");

    private static string? OptionalText(BinaryReader reader, string[] table)
    {
        var index = reader.Read7BitEncodedInt();
        return index == 0 ? null
            : index > 0 && index <= table.Length ? table[index - 1]
            : throw Damaged("text index out of range");
    }

    /// <summary>A non-negative count no larger than <paramref name="max"/> (a count of items can never exceed the bytes left).</summary>
    private static int Count(BinaryReader reader, int max)
    {
        var count = reader.Read7BitEncodedInt();
        return count >= 0 && count <= max ? count : throw Damaged("count out of range");
    }

    private static byte[] Exactly(BinaryReader reader, int length)
    {
        var bytes = reader.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException();
    }

    private static bool IsLowerHex(string text) =>
        text.Length == FingerprintBytes * 2 && !text.AsSpan().ContainsAnyExcept(LowerHex);

    private static InvalidDataException Damaged(string what) => new($"the packed steps of a run are damaged ({what})");
}
