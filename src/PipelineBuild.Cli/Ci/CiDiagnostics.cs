using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Ci;

/// <summary>
/// Pipeline errors as CI annotations, beside the canonical <c>file(line,col): error PBxxxx</c> lines on
/// stderr (which scripts and editors keep parsing the same way in and out of CI).
/// </summary>
internal static class CiDiagnostics
{
    public static void Write(ICiProvider? ci, TextWriter output, IEnumerable<PipelineDiagnostic> diagnostics)
    {
        if (ci is null)
        {
            return;
        }

        foreach (var diagnostic in diagnostics)
        {
            var text = diagnostic.Hint is null ? diagnostic.Message : $"{diagnostic.Message}; {diagnostic.Hint}";
            output.WriteLine(diagnostic.IsError
                ? ci.Error(text, diagnostic.Location, diagnostic.Code)
                : ci.Warning(diagnostic.ToString()));
        }
    }

    public static void Write(ICiProvider? ci, TextWriter output, PipelineException error)
    {
        if (ci is not null)
        {
            output.WriteLine(ci.Error(error.Message, null, error.Code));
        }
    }
}
