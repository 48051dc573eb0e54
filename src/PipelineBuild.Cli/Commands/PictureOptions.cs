using System.CommandLine;
using PipelineBuild.Cli.Pictures;

namespace PipelineBuild.Cli.Commands;

/// <summary>Options and output of the commands that write pages (<c>report</c>, <c>compare</c>, <c>plots</c>).</summary>
internal static class PictureOptions
{
    public static Option<string?> Output(string description) => new("--output", "-o") { Description = description };

    public static Option<string> Format()
    {
        var format = new Option<string>("--format") { Description = "html (a self-contained page) or md (Markdown)", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong("html", "md");
        return format;
    }

    public static void WriteHtml(string path, string html, string option = "--output")
    {
        OutputPath.RequireFile(option, path);
        HtmlPage.Save(path, html);
        Console.WriteLine($"wrote {path}");
    }

    /// <summary>Markdown to a file when one is given, else to the console.</summary>
    public static void WriteText(string? path, Action<TextWriter> write)
    {
        if (path is null)
        {
            write(Console.Out);
            return;
        }

        OutputPath.RequireFile("--output", path);
        using var text = new StringWriter();
        write(text);
        Core.Workspace.AtomicFile.WriteAllText(Path.GetFullPath(path), text.ToString());
    }
}
