namespace PipelineBuild.Core.Execution;

/// <summary>
/// Run ids: 16 hex characters, time-ordered (seconds since 2020) then random, abbreviable like git hashes. The random part
/// needs to differ between runs, not to be secret: it comes from <see cref="Random.Shared"/> (seeded per process by the
/// system), since the cryptographic generator is OpenSSL's and loading it cost a no-op ≈ 4 ms.
/// </summary>
public static class RunIds
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string New(DateTimeOffset now)
    {
        var seconds = (uint)Math.Max(0, (now - Epoch).TotalSeconds);
        Span<byte> random = stackalloc byte[4];
        Random.Shared.NextBytes(random);
        return seconds.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + Convert.ToHexStringLower(random);
    }
}
