namespace PipelineBuild.Core.Model;

/// <summary>
/// <c>oci://host:port/repository</c>. Loopback registries (localhost, 127.x, ::1) are spoken to over
/// plain HTTP, as Docker does; others over HTTPS.
/// </summary>
public sealed record OciReference(string Host, string Repository)
{
    public Uri BaseUri => new($"{(IsLoopback ? "http" : "https")}://{Host}/");

    private bool IsLoopback
    {
        get
        {
            var host = Host.StartsWith('[') ? Host[..(Host.IndexOf(']', StringComparison.Ordinal) + 1)] : Host.Split(':')[0];
            return host is "localhost" or "[::1]" || host.StartsWith("127.", StringComparison.Ordinal);
        }
    }

    public static bool TryParse(string text, out OciReference? reference)
    {
        reference = null;
        if (!text.StartsWith("oci://", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text["oci://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        var repository = rest[(slash + 1)..].TrimEnd('/');
        // OCI distribution: path components of lowercase alphanumerics joined by separators.
        if (!repository.Split('/').All(part => part.Length > 0 && char.IsAsciiLetterLower(part[0]) | char.IsAsciiDigit(part[0])
            && part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-')))
        {
            return false;
        }

        reference = new OciReference(rest[..slash], repository);
        return true;
    }

    public override string ToString() => $"oci://{Host}/{Repository}";
}
