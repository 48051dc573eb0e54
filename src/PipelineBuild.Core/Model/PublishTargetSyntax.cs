namespace PipelineBuild.Core.Model;

/// <summary>The syntax of a <c>publish:</c> entry: <c>local</c>, <c>oci://host:port/repo</c>, <c>nuget:&lt;folder or URL&gt;</c>.</summary>
public static class PublishTargetSyntax
{
    /// <summary>A problem with the entry's syntax, or null when it is valid (checked when the pipeline loads).</summary>
    public static string? Check(string target)
    {
        if (target == "local")
        {
            return null;
        }

        if (target.StartsWith("oci://", StringComparison.Ordinal))
        {
            return OciReference.TryParse(target, out _) ? null : "write oci://host:port/repository (e.g. oci://localhost:5000/models/iris)";
        }

        if (target.StartsWith("nuget:", StringComparison.Ordinal))
        {
            return target.Length > "nuget:".Length ? null : "write nuget:<feed folder> or nuget:<push URL>";
        }

        return "use local, oci://host:port/repository or nuget:<feed folder or URL>";
    }
}
