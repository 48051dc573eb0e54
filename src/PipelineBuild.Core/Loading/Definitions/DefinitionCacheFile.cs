using System.IO.Hashing;
using System.Runtime.ExceptionServices;
using System.Text;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Loading.Definitions;

/// <summary>
/// One cached definition on disk: magic, key, the files read (path, SHA-256), the variables read (name,
/// SHA-256 of the value or absent), the definition and its diagnostics, each step's definition digest
/// (<see cref="StepDefinitionDigest"/>, as computed from the loaded file), then the XXH128 of all before it.
/// A read trusts an entry only when the checksum holds, the key is byte-for-byte this load's and every
/// recorded file and variable still hashes the same; any other entry is a miss. The checksum finds a damaged
/// entry, as SHA-256 did at a twentieth of the cost: it never stood against a forged one (whoever can write the
/// entry can write its checksum), which the key and the recorded files' SHA-256 are for.
/// </summary>
internal static class DefinitionCacheFile
{
    /// <summary>"PBD3" (PBD2 ended with a SHA-256 checksum).</summary>
    private const int Magic = 0x33444250;
    private const int MaxBytes = 64 * 1024 * 1024;
    private const int HashLength = 32;
    private const int ChecksumLength = 16;

    public static LoadResult? TryRead(string path, byte[] key, IReadOnlyDictionary<string, string> environment)
    {
        var bytes = RegularFile.TryReadAllBytes(path, MaxBytes);
        if (bytes is null || bytes.Length < sizeof(int) + ChecksumLength)
        {
            return null;
        }

        var body = bytes.AsSpan(0, bytes.Length - ChecksumLength);
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        XxHash128.Hash(body, checksum);
        if (!checksum.SequenceEqual(bytes.AsSpan(body.Length)))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length, writable: false), Encoding.UTF8);
            if (reader.ReadInt32() != Magic || !reader.ReadBytes(reader.ReadInt32()).AsSpan().SequenceEqual(key))
            {
                return null;
            }

            // The recorded files are hashed on another core while this one reads the definition; both must hold.
            var files = new RecordedFilesCheck(ReadRecordedFiles(reader));
            ThreadPool.UnsafeQueueUserWorkItem(files, preferLocal: false);
            if (!VariablesUnchanged(reader, environment))
            {
                return null;
            }

            var (pipeline, diagnostics) = new DefinitionReader(reader).Read();
            var digests = ReadStepDigests(reader, pipeline.Steps.Count);
            if (reader.BaseStream.Position != body.Length || !files.Unchanged())
            {
                return null;
            }

            for (var i = 0; i < digests.Length; i++)
            {
                StepDefinitionDigest.Remember(pipeline.Steps[i], digests[i]);
            }

            return new LoadResult(pipeline, diagnostics) { FromCache = true };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FormatException or OverflowException or InvalidCastException)
        {
            return null;
        }
    }

    public static void Write(string path, byte[] key, LoadInputs inputs, PipelineDefinition pipeline, IReadOnlyList<PipelineDiagnostic> diagnostics)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(key.Length);
            writer.Write(key);
            writer.Write(inputs.Files.Count);
            foreach (var (file, hash) in inputs.Files)
            {
                writer.Write(file);
                writer.Write(hash);
            }

            writer.Write(inputs.Environment.Count);
            foreach (var (name, value) in inputs.Environment)
            {
                writer.Write(name);
                writer.Write(value is not null);
                if (value is not null)
                {
                    writer.Write(HashOf(value));
                }
            }

            new DefinitionWriter(writer).Write(pipeline, diagnostics);
            Span<byte> digest = stackalloc byte[ContentDigest.ByteLength];
            foreach (var step in pipeline.Steps)
            {
                StepDefinitionDigest.Of(step).CopyTo(digest);
                writer.Write(digest);
            }
        }

        var length = (int)buffer.Length;
        var checksum = Checksum(buffer.GetBuffer().AsSpan(0, length));
        AtomicFile.Write(path, stream =>
        {
            stream.Write(buffer.GetBuffer(), 0, length);
            stream.Write(checksum);
        });
    }

    /// <summary>The entry's checksum: XXH128 of its body, big-endian.</summary>
    internal static byte[] Checksum(ReadOnlySpan<byte> body) => XxHash128.Hash(body);

    private static ContentDigest[] ReadStepDigests(BinaryReader reader, int count)
    {
        var digests = new ContentDigest[count];
        Span<byte> digest = stackalloc byte[ContentDigest.ByteLength];
        for (var i = 0; i < count; i++)
        {
            if (reader.Read(digest) != digest.Length)
            {
                throw new InvalidDataException("the step digests end early");
            }

            digests[i] = ContentDigest.FromHash(digest);
        }

        return digests;
    }

    private static (string File, byte[] Hash)[] ReadRecordedFiles(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException("the count of recorded files is out of range");
        }

        var files = new (string File, byte[] Hash)[count];
        for (var i = 0; i < count; i++)
        {
            files[i] = (reader.ReadString(), reader.ReadBytes(HashLength));
        }

        return files;
    }

    private static bool VariablesUnchanged(BinaryReader reader, IReadOnlyDictionary<string, string> environment)
    {
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var wasSet = reader.ReadBoolean();
            var isSet = environment.TryGetValue(name, out var value);
            if (wasSet != isSet || (wasSet && !reader.ReadBytes(HashLength).AsSpan().SequenceEqual(HashOf(value!))))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] HashOf(string value) => SmallSha256.HashData(Encoding.UTF8.GetBytes(value));

    /// <summary>
    /// Whether every file an entry recorded still hashes the same (and there is at least one): run by a pool thread
    /// or, when none has started it yet, by the thread that asks. An exception is the asking thread's, as if it had
    /// hashed the files itself.
    /// </summary>
    private sealed class RecordedFilesCheck((string File, byte[] Hash)[] files) : IThreadPoolWorkItem
    {
        private readonly ManualResetEventSlim _done = new();
        private int _claimed;
        private bool _unchanged;
        private ExceptionDispatchInfo? _error;

        public void Execute()
        {
            if (Interlocked.Exchange(ref _claimed, 1) == 0)
            {
                Run();
                _done.Set();
            }
        }

        public bool Unchanged()
        {
            if (Interlocked.Exchange(ref _claimed, 1) == 0)
            {
                Run();
            }
            else
            {
                _done.Wait();
            }

            _error?.Throw();
            return _unchanged;
        }

        private void Run()
        {
            try
            {
                _unchanged = files.Length > 0 && files.All(f => InputFileReader.TryHash(f.File) is { } current && current.AsSpan().SequenceEqual(f.Hash));
            }
            catch (Exception e)
            {
                _error = ExceptionDispatchInfo.Capture(e);
            }
        }
    }
}
