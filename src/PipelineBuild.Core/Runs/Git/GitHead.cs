namespace PipelineBuild.Core.Runs.Git;

/// <summary>The commit HEAD names and its branch (null when detached).</summary>
public sealed record GitHead(string Commit, string? Branch)
{
    private const string SymbolicPrefix = "ref: ";
    private const string BranchPrefix = "refs/heads/";
    private const int MaxSymbolicDepth = 5;
    private const long MaxPackedRefsBytes = 64L << 20;

    /// <summary>
    /// Reads HEAD from the git directory itself (loose refs, then <c>packed-refs</c>). Null for an unborn
    /// branch; <see cref="GitHeadResult.Unsupported"/> for what only git itself reads (reftable, odd refs).
    /// </summary>
    public static GitHeadResult Read(GitRepositoryLocation repository)
    {
        if (Directory.Exists(Path.Combine(repository.CommonDirectory, "reftable")))
        {
            return GitHeadResult.Unsupported;
        }

        var text = GitRepositoryLocation.ReadSmallText(Path.Combine(repository.GitDirectory, "HEAD"));
        if (text is null)
        {
            return GitHeadResult.Unsupported;
        }

        if (!text.StartsWith(SymbolicPrefix, StringComparison.Ordinal))
        {
            return IsObjectId(text) ? new GitHeadResult(new GitHead(text, null), true) : GitHeadResult.Unsupported;
        }

        var name = text[SymbolicPrefix.Length..].Trim();
        var branch = name.StartsWith(BranchPrefix, StringComparison.Ordinal) ? name[BranchPrefix.Length..] : null;
        for (var depth = 0; depth < MaxSymbolicDepth; depth++)
        {
            if (!IsSafeRefName(name))
            {
                return GitHeadResult.Unsupported;
            }

            var loose = GitRepositoryLocation.ReadSmallText(Path.Combine(repository.CommonDirectory, name.Replace('/', Path.DirectorySeparatorChar)));
            if (loose is null)
            {
                var packed = FindPacked(repository.CommonDirectory, name);
                return packed is null ? GitHeadResult.Unborn : new GitHeadResult(new GitHead(packed, branch), true);
            }

            if (IsObjectId(loose))
            {
                return new GitHeadResult(new GitHead(loose, branch), true);
            }

            if (!loose.StartsWith(SymbolicPrefix, StringComparison.Ordinal))
            {
                return GitHeadResult.Unsupported;
            }

            name = loose[SymbolicPrefix.Length..].Trim();
        }

        return GitHeadResult.Unsupported;
    }

    /// <summary>A SHA-1 or SHA-256 object name in lower-case hex.</summary>
    internal static bool IsObjectId(string text) =>
        text.Length is 40 or 64 && text.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>Only names under <c>refs/</c> made of plain segments: a ref never leads outside the git directory.</summary>
    internal static bool IsSafeRefName(string name)
    {
        if (!name.StartsWith("refs/", StringComparison.Ordinal) || name.EndsWith('/') || name.EndsWith(".lock", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '.' || segment.AsSpan().IndexOfAny("\\:\0") >= 0 || segment.Any(char.IsControl))
            {
                return false;
            }
        }

        return true;
    }

    private static string? FindPacked(string commonDirectory, string name)
    {
        var path = Path.Combine(commonDirectory, "packed-refs");
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxPackedRefsBytes)
            {
                return null;
            }

            foreach (var line in File.ReadLines(path))
            {
                // "<oid> <refname>"; '#' starts the header, '^' the peeled object of the tag above.
                if (line.Length == 0 || line[0] is '#' or '^')
                {
                    continue;
                }

                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0 && line.AsSpan(space + 1).SequenceEqual(name) && IsObjectId(line[..space]))
                {
                    return line[..space];
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }
}
