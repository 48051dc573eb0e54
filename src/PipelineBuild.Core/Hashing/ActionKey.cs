namespace PipelineBuild.Core.Hashing;

/// <summary>A step's fingerprint: the key of its action cache entry.</summary>
public readonly record struct ActionKey(ContentDigest Digest)
{
    public string Hex => Digest.Hex;

    public override string ToString() => Digest.Hex;
}
