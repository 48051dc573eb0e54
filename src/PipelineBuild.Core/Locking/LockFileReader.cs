using System.Text.Json;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Locking;

/// <summary>
/// Streams a lock file into entries with <see cref="Utf8JsonReader"/>: no document tree, one pass, and the file read
/// a chunk at a time as it is parsed, never held whole (W1's is 458 KB, which every no-op would otherwise allocate and
/// touch). It is read at the start of every run, so its cost is part of every no-op. Unknown properties are skipped
/// (a newer writer may add some); a missing required one is a <see cref="FormatException"/>.
/// </summary>
internal ref struct LockFileReader
{
    /// <summary>Bytes read at a time; a single token longer than that (a long param value) makes the buffer grow.</summary>
    internal const int ChunkBytes = 32 * 1024;

    private readonly Stream _source;
    private byte[] _buffer = new byte[ChunkBytes];

    /// <summary>How much of <see cref="_buffer"/> holds file bytes, and how many bytes of the file came before it.</summary>
    private int _length;
    private long _dropped;
    private bool _ended;
    private Utf8JsonReader _json;

    // Each map's pairs are gathered here first (one list for the whole file), then kept as a SmallMap or a Dictionary.
    private readonly List<KeyValuePair<string, ContentDigest>> _digests = [];
    private readonly List<KeyValuePair<string, string>> _strings = [];

    public LockFileReader(Stream source)
    {
        _source = source;
        Fill();
        _json = new Utf8JsonReader(_buffer.AsSpan(0, _length), _ended, new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip }));
    }

    /// <summary>The schema number, then (when it is the known one) the steps.</summary>
    public (int Schema, Dictionary<string, LockEntry> Steps) Read()
    {
        var schema = -1;
        var steps = new Dictionary<string, LockEntry>(StringComparer.Ordinal);
        Expect(JsonTokenType.StartObject);
        while (NextProperty() is { } name)
        {
            switch (name)
            {
                case "schema":
                    Next();
                    schema = _json.GetInt32();
                    break;
                case "steps" when schema == LockFile.Schema:
                    Expect(JsonTokenType.StartObject);
                    while (NextProperty() is { } stepId)
                    {
                        steps[stepId] = ReadEntry();
                    }

                    break;
                default:
                    SkipValue();
                    break;
            }
        }

        return (schema, steps);
    }

    private LockEntry ReadEntry()
    {
        Expect(JsonTokenType.StartObject);
        ContentDigest? fingerprint = null, definition = null;
        string? image = null, taskAssembly = null, kernel = null;
        IReadOnlyDictionary<string, string>? parameters = null;
        IReadOnlyDictionary<string, ContentDigest>? inputs = null, outputs = null;
        // Known names are compared in place: no string per property of every step of every no-op.
        while (NextPropertyName())
        {
            if (_json.ValueTextEquals("fingerprint"u8))
            {
                fingerprint = ReadDigest();
            }
            else if (_json.ValueTextEquals("definition"u8))
            {
                definition = ReadDigest();
            }
            else if (_json.ValueTextEquals("inputs"u8))
            {
                inputs = ReadDigestMap();
            }
            else if (_json.ValueTextEquals("outputs"u8))
            {
                outputs = ReadDigestMap();
            }
            else if (_json.ValueTextEquals("params"u8))
            {
                parameters = ReadStringMap();
            }
            else if (_json.ValueTextEquals("image"u8))
            {
                image = ReadString();
            }
            else if (_json.ValueTextEquals("taskAssembly"u8))
            {
                taskAssembly = ReadString();
            }
            else if (_json.ValueTextEquals("kernel"u8))
            {
                kernel = ReadString();
            }
            else
            {
                SkipValue();
            }
        }

        return new LockEntry(
            new ActionKey(fingerprint ?? throw new FormatException("a step has no fingerprint")),
            definition ?? throw new FormatException("a step has no definition digest"),
            image,
            parameters ?? SmallMap<string>.Empty,
            inputs ?? SmallMap<ContentDigest>.Empty,
            outputs ?? SmallMap<ContentDigest>.Empty,
            taskAssembly,
            kernel);
    }

    private IReadOnlyDictionary<string, ContentDigest> ReadDigestMap()
    {
        _digests.Clear();
        Expect(JsonTokenType.StartObject);
        while (NextProperty() is { } key)
        {
            _digests.Add(KeyValuePair.Create(key, ReadDigest()));
        }

        return Kept(_digests);
    }

    private ContentDigest ReadDigest()
    {
        Expect(JsonTokenType.String);
        if (_json.ValueIsEscaped || !ContentDigest.TryParseUtf8(_json.ValueSpan, out var digest))
        {
            throw new FormatException($"not a SHA-256 hex digest at byte {Position}");
        }

        return digest;
    }

    private IReadOnlyDictionary<string, string> ReadStringMap()
    {
        _strings.Clear();
        Expect(JsonTokenType.StartObject);
        while (NextProperty() is { } key)
        {
            _strings.Add(KeyValuePair.Create(key, ReadString()));
        }

        return Kept(_strings);
    }

    /// <summary>The pairs as a map, a repeated key keeping its last value (as <c>map[key] = value</c> would).</summary>
    private static IReadOnlyDictionary<string, T> Kept<T>(List<KeyValuePair<string, T>> pairs)
    {
        if (SmallMap<T>.TryOf(pairs) is { } small)
        {
            return small;
        }

        var map = new Dictionary<string, T>(pairs.Count, StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            map[key] = value;
        }

        return map;
    }

    /// <summary>The next property name of the current object, or null at its end.</summary>
    private string? NextProperty() => NextPropertyName() ? _json.GetString() : null;

    /// <summary>True when the reader is on the next property name of the current object; false at its end.</summary>
    private bool NextPropertyName()
    {
        if (!Next())
        {
            throw new FormatException($"the lock file ends at byte {_dropped + _length}, inside an object");
        }

        return _json.TokenType == JsonTokenType.PropertyName ? true
            : _json.TokenType == JsonTokenType.EndObject ? false
            : throw new FormatException($"unexpected {_json.TokenType} at byte {Position}");
    }

    private string ReadString()
    {
        Expect(JsonTokenType.String);
        return _json.GetString()!;
    }

    private void Expect(JsonTokenType type)
    {
        if (!Next() || _json.TokenType != type)
        {
            throw new FormatException($"expected {type} at byte {Position}");
        }
    }

    /// <summary>Where the current token starts in the file.</summary>
    private readonly long Position => _dropped + _json.TokenStartIndex;

    /// <summary>The next token, reading on when the bytes read so far end inside it; false at the end of the file.</summary>
    private bool Next()
    {
        while (!_json.Read())
        {
            if (_ended)
            {
                return false;
            }

            Refill();
        }

        return true;
    }

    /// <summary>Skips the value of the property the reader is on, reading on until the whole value has been read.</summary>
    private void SkipValue()
    {
        // TrySkip leaves the reader where it was when the value goes on past the bytes read so far.
        while (!_json.TrySkip())
        {
            Refill();
        }
    }

    /// <summary>Keeps the bytes not parsed yet, reads more after them and goes on in the same reader state.</summary>
    private void Refill()
    {
        if (_ended)
        {
            throw new FormatException($"the lock file ends inside a value at byte {_dropped + _length}");
        }

        var consumed = (int)_json.BytesConsumed;
        var kept = _length - consumed;
        if (kept == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else
        {
            _buffer.AsSpan(consumed, kept).CopyTo(_buffer);
        }

        _dropped += consumed;
        _length = kept;
        Fill();
        _json = new Utf8JsonReader(_buffer.AsSpan(0, _length), _ended, _json.CurrentState);
    }

    /// <summary>Reads until the buffer is full or the file ends.</summary>
    private void Fill()
    {
        while (_length < _buffer.Length)
        {
            var read = _source.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
            {
                _ended = true;
                return;
            }

            _length += read;
            if (_dropped + _length > LockFileSerializer.MaxBytes)
            {
                throw new IOException($"the lock file grew past {LockFileSerializer.MaxBytes >> 20} MiB while it was read");
            }
        }
    }
}
