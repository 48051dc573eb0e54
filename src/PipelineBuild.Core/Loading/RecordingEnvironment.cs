using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PipelineBuild.Core.Loading;

/// <summary>The process environment as the loader sees it, telling <see cref="LoadInputs"/> every name looked up.</summary>
internal sealed class RecordingEnvironment : IReadOnlyDictionary<string, string>
{
    private readonly IReadOnlyDictionary<string, string> _inner;
    private readonly LoadInputs _inputs;

    public RecordingEnvironment(IReadOnlyDictionary<string, string> inner, LoadInputs inputs)
    {
        _inner = inner;
        _inputs = inputs;
    }

    public int Count => Listed().Count;

    public IEnumerable<string> Keys => Listed().Keys;

    public IEnumerable<string> Values => Listed().Values;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var found = _inner.TryGetValue(key, out value);
        _inputs.VariableRead(key, found ? value : null);
        return found;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Listed().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IReadOnlyDictionary<string, string> Listed()
    {
        _inputs.MarkUnbounded();
        return _inner;
    }
}
