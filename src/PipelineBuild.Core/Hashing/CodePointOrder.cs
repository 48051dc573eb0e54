namespace PipelineBuild.Core.Hashing;

/// <summary>
/// UTF-16 text compared in code point order, which for well-formed text is the order of its UTF-8 bytes (the stat
/// cache file's order): surrogates (code points past U+FFFF) sort after U+E000–U+FFFF although their code units are
/// smaller.
/// </summary>
internal static class CodePointOrder
{
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var common = a.CommonPrefixLength(b);
        return common == a.Length || common == b.Length
            ? a.Length.CompareTo(b.Length)
            : Rank(a[common]).CompareTo(Rank(b[common]));
    }

    private static int Rank(char c) => c < 0xD800 ? c : c < 0xE000 ? c + 0x2000 : c - 0x800;
}
