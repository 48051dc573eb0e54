namespace PipelineBuild.Core.Model;

/// <summary>The shape of one <c>placement:</c> constraint: <c>NAME==VALUE</c> or <c>NAME!=VALUE</c>, a dotted name of letters, digits, '-', '_'.</summary>
public static class PlacementConstraint
{
    public static bool IsValid(string text)
    {
        var trimmed = text.Trim();
        var at = trimmed.IndexOf("==", StringComparison.Ordinal) is var eq and >= 0 ? eq : trimmed.IndexOf("!=", StringComparison.Ordinal);
        if (at <= 0)
        {
            return false;
        }

        var name = trimmed[..at].Trim();
        var value = trimmed[(at + 2)..].Trim();
        return name.Split('.').All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            && value.Length > 0 && !value.Any(c => char.IsControl(c) || c is '=' or '!');
    }
}
