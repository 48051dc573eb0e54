using System.Text.Json;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Locking;

/// <summary>
/// Streams a lock file into entries with <see cref="Utf8JsonReader"/>: no document tree, one pass.
/// It is read at the start of every run, so its cost is part of every no-op. Unknown properties are
/// skipped (a newer writer may add some); a missing required one is a <see cref="FormatException"/>.
/// </summary>
internal ref struct LockFileReader
{
    private Utf8JsonReader _json;

    // Each map's pairs are gathered here first (one list for the whole file), then kept as a SmallMap or a Dictionary.
    private readonly List<KeyValuePair<string, ContentDigest>> _digests = [];
    private readonly List<KeyValuePair<string, string>> _strings = [];

    public LockFileReader(ReadOnlySpan<byte> utf8)
    {
        _json = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
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
                    _json.Read();
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
                    _json.Read();
                    _json.Skip();
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
                _json.Read();
                _json.Skip();
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
            throw new FormatException($"not a SHA-256 hex digest at byte {_json.TokenStartIndex}");
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
        _json.Read();
        return _json.TokenType == JsonTokenType.PropertyName ? true
            : _json.TokenType == JsonTokenType.EndObject ? false
            : throw new FormatException($"unexpected {_json.TokenType} at byte {_json.TokenStartIndex}");
    }

    private string ReadString()
    {
        Expect(JsonTokenType.String);
        return _json.GetString()!;
    }

    private void Expect(JsonTokenType type)
    {
        if (!_json.Read() || _json.TokenType != type)
        {
            throw new FormatException($"expected {type} at byte {_json.TokenStartIndex}");
        }
    }
}
