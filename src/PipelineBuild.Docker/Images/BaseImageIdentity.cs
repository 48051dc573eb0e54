namespace PipelineBuild.Docker.Images;

/// <summary>
/// What names a base image the same on every machine: the digest in the reference when it is pinned
/// (<c>name@sha256:…</c>), else the registry digest the engine recorded when it pulled it (<c>RepoDigests</c>),
/// else — a base that only exists locally (loaded, imported or built here) — its content ID.
/// </summary>
public static class BaseImageIdentity
{
    private const string DigestMark = "@sha256:";

    /// <summary>The pinned digest of a reference, or null when it names a tag.</summary>
    public static string? PinnedDigest(string reference) =>
        reference.IndexOf(DigestMark, StringComparison.Ordinal) is var at and >= 0 ? reference[(at + 1)..] : null;

    public static string Of(string reference, IEnumerable<string>? repoDigests, string imageId)
    {
        if (PinnedDigest(reference) is { } pinned)
        {
            return pinned;
        }

        var digests = (repoDigests ?? [])
            .Select(d => d.Split('@', 2))
            .Where(parts => parts.Length == 2 && parts[1].StartsWith("sha256:", StringComparison.Ordinal))
            .Select(parts => (Repository: Familiar(parts[0]), Digest: parts[1]))
            .ToList();
        if (digests.Count == 0)
        {
            return "local " + imageId;
        }

        var repository = Familiar(RepositoryOf(reference));
        var matching = digests.Where(d => d.Repository == repository).Select(d => d.Digest).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        IEnumerable<string> chosen = matching.Count > 0 ? matching : digests.Select(d => d.Digest).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return string.Join(",", chosen);
    }

    /// <summary>The reference without its tag (a colon after the last slash).</summary>
    private static string RepositoryOf(string reference)
    {
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? reference[..colon] : reference;
    }

    /// <summary>Docker Hub names as users write them: <c>docker.io/library/python</c> is <c>python</c>.</summary>
    private static string Familiar(string repository)
    {
        foreach (var prefix in new[] { "docker.io/library/", "docker.io/", "index.docker.io/library/", "index.docker.io/" })
        {
            if (repository.StartsWith(prefix, StringComparison.Ordinal))
            {
                return repository[prefix.Length..];
            }
        }

        return repository.StartsWith("library/", StringComparison.Ordinal) ? repository["library/".Length..] : repository;
    }
}
