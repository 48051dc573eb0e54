using System.Diagnostics;
using System.Text;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// The docs work as written: every fenced <c>bash</c> block marked <c>&lt;!-- runnable --&gt;</c> in
/// README.md and docs/ runs, in order, on a fresh copy of the repository. The commands are run exactly
/// as shown; only the tool they call is the one under test — a <c>dotnet</c> shim on PATH sends
/// <c>dotnet pipeline …</c> and <c>dotnet run --project src/PipelineBuild.Cli … -- …</c> to it
/// (rather than building the CLI again) and everything else to the real <c>dotnet</c>.
/// </summary>
public sealed class DocsTests
{
    private const string Marker = "<!-- runnable -->";

    private static readonly string RepositoryRoot = FindRoot();

    public static TheoryData<string> DocumentsWithRunnableBlocks()
    {
        var data = new TheoryData<string>();
        foreach (var document in Documents().Where(d => File.ReadAllText(Path.Combine(RepositoryRoot, d)).Contains(Marker, StringComparison.Ordinal)))
        {
            data.Add(document);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DocumentsWithRunnableBlocks))]
    public void Should_run_every_runnable_command_of_the_document_as_written_on_a_fresh_copy(string document)
    {
        // Given a fresh copy of the repository and the document's runnable blocks
        var blocks = RunnableBlocks(File.ReadAllText(Path.Combine(RepositoryRoot, document)));
        var copy = Directory.CreateTempSubdirectory("pb-docs-").FullName;
        try
        {
            CopyRepository(copy);
            var shim = WriteDotnetShim(copy);

            // When each block runs, in order, as a user following the document would
            foreach (var block in blocks)
            {
                var (exitCode, output) = Bash(block, copy, shim);

                // Then it succeeds
                Assert.True(exitCode == 0, $"{document}: this block failed with exit {exitCode}:\n{block}\n--- output ---\n{output}");
            }
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Should_mark_the_main_examples_of_the_readme_runnable()
    {
        var blocks = RunnableBlocks(File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")));

        Assert.Contains(blocks, b => b.Contains("run examples/quickstart", StringComparison.Ordinal));
        Assert.Contains(blocks, b => b.Contains("exp run --grid", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_point_nowhere_outside_the_repository()
    {
        var offenders = Documents()
            .Concat(Files("src", "*.cs")).Concat(Files("examples", "*")).Concat(Files("tests", "*.cs"))
            .Where(f => !f.EndsWith("DocsTests.cs", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(Path.Combine(RepositoryRoot, f)) is var text
                && (text.Contains("SPEC.md", StringComparison.Ordinal) || text.Contains("SPEC §", StringComparison.Ordinal) || text.Contains("../shared", StringComparison.Ordinal)))
            .ToList();

        Assert.True(offenders.Count == 0, "these files point at files users do not have: " + string.Join(", ", offenders));
    }

    /// <summary>The fenced blocks that follow a <c>&lt;!-- runnable --&gt;</c> line.</summary>
    private static List<string> RunnableBlocks(string markdown)
    {
        var blocks = new List<string>();
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!string.Equals(lines[i].Trim(), Marker, StringComparison.Ordinal))
            {
                continue;
            }

            var start = i + 1;
            Assert.True(start < lines.Length && lines[start].StartsWith("```bash", StringComparison.Ordinal), $"line {i + 1}: '{Marker}' must be followed by a ```bash block");
            var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            blocks.Add(string.Join('\n', lines[(start + 1)..end]));
            i = end;
        }

        return blocks;
    }

    private static IEnumerable<string> Documents() => Files("docs", "*.md").Prepend("README.md");

    private static IEnumerable<string> Files(string folder, string pattern) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), pattern, SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryRoot, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or ".pipeline"))
            .Where(f => !f.EndsWith(".dll", StringComparison.Ordinal) && !f.EndsWith(".zip", StringComparison.Ordinal));

    /// <summary>What a fresh clone has: the files git tracks (or would: new, not ignored), not build output or state.</summary>
    private static void CopyRepository(string target)
    {
        var (exitCode, listing) = Run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], RepositoryRoot, null);
        Assert.True(exitCode == 0, "git ls-files failed: " + listing);
        foreach (var file in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(RepositoryRoot, file);
            if (!File.Exists(source))
            {
                continue;
            }

            var destination = Path.Combine(target, file);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination);
        }
    }

    private static string WriteDotnetShim(string copy)
    {
        var bin = Path.Combine(copy, ".docs-test-bin");
        Directory.CreateDirectory(bin);
        var realDotnet = FindOnPath("dotnet");
        var tool = PipelineTool.ToolPath.EndsWith(".dll", StringComparison.Ordinal)
            ? $"\"{realDotnet}\" \"{PipelineTool.ToolPath}\""
            : $"\"{PipelineTool.ToolPath}\"";
        var script = $$"""
            #!/usr/bin/env bash
            if [ "$1" = pipeline ]; then shift; exec {{tool}} "$@"; fi
            if [ "$1" = run ] && [ "$2" = --project ] && [ "$3" = src/PipelineBuild.Cli ]; then
              shift 3
              while [ $# -gt 0 ] && [ "$1" != -- ]; do shift; done
              [ "$1" = -- ] && shift
              exec {{tool}} "$@"
            fi
            exec "{{realDotnet}}" "$@"
            """;
        var path = Path.Combine(bin, "dotnet");
        File.WriteAllText(path, script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin;
    }

    private static (int ExitCode, string Output) Bash(string block, string workingDirectory, string shimFolder) =>
        Run("bash", ["-e", "-o", "pipefail", "-c", block], workingDirectory, new Dictionary<string, string>
        {
            ["PATH"] = shimFolder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        });

    private static (int ExitCode, string Output) Run(string file, string[] args, string workingDirectory, IReadOnlyDictionary<string, string>? env)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CI"] = "true";
        info.Environment.Remove("GITHUB_ACTIONS");
        info.Environment.Remove("TF_BUILD");
        foreach (var (name, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 5 minutes");
        }

        return (process.ExitCode, output.Append(stdout.Result).Append(stderr.Result).ToString());
    }

    private static string FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"'{name}' is not on PATH");

    private static string FindRoot()
    {
        for (var folder = AppContext.BaseDirectory; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "PipelineBuild.sln")))
            {
                return folder;
            }
        }

        throw new InvalidOperationException("the repository root (PipelineBuild.sln) is not above the test assembly");
    }
}
