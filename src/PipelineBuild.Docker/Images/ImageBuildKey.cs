using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Docker.Images;

/// <summary>
/// What names an image built from the repo on every machine, in fingerprints and in its tag: the build
/// context's hash plus the identity of every base image (<see cref="BaseImageIdentity"/>). Two machines that
/// build the same context on the same bases get the same key, although their image IDs differ (build times).
/// </summary>
public sealed record ImageBuildKey(ContentDigest Digest)
{
    private const int KeyFormat = 1;

    /// <summary>The form that enters fingerprints and the lock file, told apart from an image ID.</summary>
    public string Text => "build:sha256:" + Digest.Hex;

    public static ImageBuildKey Of(BuildContext context, IReadOnlyList<string> baseIdentities)
    {
        using var hash = new FingerprintBuilder(KeyFormat).Add("context", context.Hash);
        foreach (var identity in baseIdentities)
        {
            hash.Add("base", identity);
        }

        return new ImageBuildKey(hash.BuildDigest());
    }
}
